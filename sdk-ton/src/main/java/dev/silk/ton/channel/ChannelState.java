package dev.silk.ton.channel;

import dev.silk.core.payment.TonAmount;
import java.util.Objects;

/**
 * Both halves of a payment channel's off-chain state: each side's sequence number and the
 * cumulative amount it has sent the other. A party signs it as its own semi-channel state;
 * the contract accepts the highest seqno each side signed. Immutable and thread-safe.
 */
public final class ChannelState {
  private final long seqnoA;
  private final TonAmount sentA;
  private final long seqnoB;
  private final TonAmount sentB;

  private ChannelState(long seqnoA, TonAmount sentA, long seqnoB, TonAmount sentB) {
    this.seqnoA = seqnoA;
    this.sentA = sentA;
    this.seqnoB = seqnoB;
    this.sentB = sentB;
  }

  /** @throws IllegalArgumentException if a seqno is negative */
  public static ChannelState of(long seqnoA, TonAmount sentA, long seqnoB, TonAmount sentB) {
    if (seqnoA < 0 || seqnoB < 0) {
      throw new IllegalArgumentException("seqnos are unsigned");
    }
    return new ChannelState(seqnoA, Objects.requireNonNull(sentA, "sentA"), seqnoB,
        Objects.requireNonNull(sentB, "sentB"));
  }

  public long seqno(Side side) {
    return side == Side.A ? seqnoA : seqnoB;
  }

  /** What {@code side} has sent the other so far, cumulatively. */
  public TonAmount sent(Side side) {
    return side == Side.A ? sentA : sentB;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChannelState)) {
      return false;
    }
    ChannelState s = (ChannelState) o;
    return s.seqnoA == seqnoA && s.seqnoB == seqnoB && s.sentA.equals(sentA) && s.sentB.equals(sentB);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seqnoA, sentA, seqnoB, sentB);
  }

  @Override
  public String toString() {
    return "ChannelState[A #" + seqnoA + " sent " + sentA + ", B #" + seqnoB + " sent " + sentB + "]";
  }
}
