package dev.silk.ton.wallet;

import dev.silk.ton.center.FeeEstimate;

/** A transfer the network accepted for processing: its message hash, seqno and estimated fee. Immutable. */
public final class SentTransfer {
  private final String messageHash;
  private final long seqno;
  private final FeeEstimate fee;

  public SentTransfer(String messageHash, long seqno, FeeEstimate fee) {
    this.messageHash = messageHash;
    this.seqno = seqno;
    this.fee = fee;
  }

  /** Base64 hash of the external message, to find its transaction. */
  public String messageHash() {
    return messageHash;
  }

  /** The wallet seqno the transfer used. */
  public long seqno() {
    return seqno;
  }

  /** The fee estimated before sending. */
  public FeeEstimate fee() {
    return fee;
  }

  @Override
  public String toString() {
    return "SentTransfer[" + messageHash + ", seqno " + seqno + ", " + fee + "]";
  }
}
