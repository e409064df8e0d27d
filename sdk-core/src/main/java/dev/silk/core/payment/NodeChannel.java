package dev.silk.core.payment;

import dev.silk.crypto.payment.ChannelStatus;

/**
 * The one way a {@link PaymentProvider} reaches the node it pays (spec-v1 §13.4, §13.5): the node's
 * signed account of a channel, and its countersignature of a cooperative commit. The client
 * passes one with each {@link PaymentRequest}; implementations are thread-safe.
 *
 * <pre>{@code
 * ChannelStatus status = request.nodeChannel().status(signedStatusRequest);
 * }</pre>
 */
@FunctionalInterface
public interface NodeChannel {
  /**
   * @param signedRequest {@code channel || timestamp_ms || signature} as spec-v1 §13.4 defines it
   * @return the node's status, its signature already verified
   */
  ChannelStatus status(byte[] signedRequest);

  /**
   * @param commitRequest {@code channel || seqno_a || seqno_b || signature_a} as spec-v1 §13.5 defines it
   * @return the node's 64-byte signature under key B (not yet checked)
   * @throws UnsupportedOperationException where the node cannot be asked (the default)
   */
  default byte[] countersignCommit(byte[] commitRequest) {
    throw new UnsupportedOperationException("no way to reach the node for a commit was given");
  }
}
