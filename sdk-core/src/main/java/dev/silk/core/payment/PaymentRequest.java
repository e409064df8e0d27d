package dev.silk.core.payment;

import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.signature.SigningPublicKey;
import java.util.Objects;

/**
 * What a {@link PaymentProvider} needs to authorize one attempt: the node (its verified key and
 * signed payment terms), the model with its signed prices, the attempt's maximum cost under
 * spec-v1 §13.2, and a way to ask the node for its signed account of a channel. Immutable and
 * thread-safe.
 */
public final class PaymentRequest {
  /** Asks the node for its signed, verified status of a channel (spec-v1 §13.4). */
  public interface StatusChannel {
    /**
     * @param signedRequest {@code channel || timestamp_ms || signature} as spec-v1 §13.4 defines it
     * @return the node's status, its signature already verified
     */
    ChannelStatus channelStatus(byte[] signedRequest);
  }

  private final SigningPublicKey nodeKey;
  private final PaymentTerms terms;
  private final ModelInfo model;
  private final TonAmount maxCost;
  /** Asks the node to countersign a cooperative commit of the channel (spec-v1 §13.5). */
  public interface CommitChannel {
    /**
     * @param commitRequest {@code channel || seqno_a || seqno_b || signature_a} as spec-v1 §13.5 defines it
     * @return the node's 64-byte signature under key B (not yet checked)
     */
    byte[] countersign(byte[] commitRequest);
  }

  private final StatusChannel statusChannel;
  private final CommitChannel commitChannel;

  public PaymentRequest(SigningPublicKey nodeKey, PaymentTerms terms, ModelInfo model, TonAmount maxCost,
      StatusChannel statusChannel) {
    this(nodeKey, terms, model, maxCost, statusChannel, commitRequest -> {
      throw new UnsupportedOperationException("no way to reach the node for a commit was given");
    });
  }

  public PaymentRequest(SigningPublicKey nodeKey, PaymentTerms terms, ModelInfo model, TonAmount maxCost,
      StatusChannel statusChannel, CommitChannel commitChannel) {
    this.commitChannel = Objects.requireNonNull(commitChannel, "commitChannel");
    this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
    this.terms = Objects.requireNonNull(terms, "terms");
    this.model = Objects.requireNonNull(model, "model");
    this.maxCost = Objects.requireNonNull(maxCost, "maxCost");
    this.statusChannel = Objects.requireNonNull(statusChannel, "statusChannel");
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

  public StatusChannel statusChannel() {
    return statusChannel;
  }

  public CommitChannel commitChannel() {
    return commitChannel;
  }

  @Override
  public String toString() {
    return "PaymentRequest[" + nodeKey.nodeId() + ", " + model.name() + ", max " + maxCost + "]";
  }
}
