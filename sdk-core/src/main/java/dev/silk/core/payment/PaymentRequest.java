package dev.silk.core.payment;

import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.signature.SigningPublicKey;
import java.util.Objects;

/**
 * What a {@link PaymentProvider} needs to authorize one attempt: the node (its verified key and
 * signed payment terms), the model with its signed prices, the attempt's maximum cost under
 * spec-v1 §13.2, and the {@link NodeChannel} to the node. Immutable and
 * thread-safe.
 */
public final class PaymentRequest {
  private final SigningPublicKey nodeKey;
  private final PaymentTerms terms;
  private final ModelInfo model;
  private final TonAmount maxCost;
  private final NodeChannel nodeChannel;

  public PaymentRequest(SigningPublicKey nodeKey, PaymentTerms terms, ModelInfo model, TonAmount maxCost,
      NodeChannel nodeChannel) {
    this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
    this.terms = Objects.requireNonNull(terms, "terms");
    this.model = Objects.requireNonNull(model, "model");
    this.maxCost = Objects.requireNonNull(maxCost, "maxCost");
    this.nodeChannel = Objects.requireNonNull(nodeChannel, "nodeChannel");
  }
  /** The node's verified signing key (its id is the node id). */
  public SigningPublicKey nodeKey() {
    return nodeKey;
  }

  /** The payment terms of the node's signed descriptor. */
  public PaymentTerms terms() {
    return terms;
  }

  /** The model with its signed prices. */
  public ModelInfo model() {
    return model;
  }

  /** The most this attempt may be charged (spec-v1 §13.2). */
  public TonAmount maxCost() {
    return maxCost;
  }

  /** The way to the node: its signed channel status and its countersignature of a commit. */
  public NodeChannel nodeChannel() {
    return nodeChannel;
  }

  @Override
  public String toString() {
    return "PaymentRequest[" + nodeKey.nodeId() + ", " + model.name() + ", max " + maxCost + "]";
  }
}
