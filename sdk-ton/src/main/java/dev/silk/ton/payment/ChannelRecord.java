package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;
import java.util.Objects;

/**
 * What the client must never forget about a channel: the highest seqno it signed, the highest
 * cumulative amount it ever signed (what the node could claim at most), and what the node has
 * charged so far. Immutable.
 */
public final class ChannelRecord {
  private final long lastSeqno;
  private final TonAmount lastSent;
  private final TonAmount charged;

  public ChannelRecord(long lastSeqno, TonAmount lastSent, TonAmount charged) {
    if (lastSeqno < 0) {
      throw new IllegalArgumentException("seqno must not be negative");
    }
    this.lastSeqno = lastSeqno;
    this.lastSent = Objects.requireNonNull(lastSent, "lastSent");
    this.charged = Objects.requireNonNull(charged, "charged");
  }

  /** Nothing signed yet. */
  public static ChannelRecord fresh() {
    return new ChannelRecord(0, TonAmount.ZERO, TonAmount.ZERO);
  }

  public long lastSeqno() {
    return lastSeqno;
  }

  public TonAmount lastSent() {
    return lastSent;
  }

  public TonAmount charged() {
    return charged;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChannelRecord)) {
      return false;
    }
    ChannelRecord r = (ChannelRecord) o;
    return r.lastSeqno == lastSeqno && r.lastSent.equals(lastSent) && r.charged.equals(charged);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastSeqno, lastSent, charged);
  }

  @Override
  public String toString() {
    return "ChannelRecord[seqno " + lastSeqno + ", signed " + lastSent + ", charged " + charged + "]";
  }
}
