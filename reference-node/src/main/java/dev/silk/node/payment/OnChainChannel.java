package dev.silk.node.payment;

import java.math.BigInteger;

/** A payment channel as its contract reports it ({@code get_channel_data}). Immutable. */
public final class OnChainChannel {
  /** The contract's state: 0 uninited, 1 open, 2+ closing. */
  public final int state;
  public final long balanceA;
  public final long balanceB;
  public final byte[] keyA;
  public final byte[] keyB;
  public final BigInteger channelId;
  /** A's seqno the contract has committed (0 before any commit). */
  public final long committedSeqnoA;

  public OnChainChannel(int state, long balanceA, long balanceB, byte[] keyA, byte[] keyB, BigInteger channelId) {
    this(state, balanceA, balanceB, keyA, keyB, channelId, 0);
  }

  public OnChainChannel(int state, long balanceA, long balanceB, byte[] keyA, byte[] keyB, BigInteger channelId,
      long committedSeqnoA) {
    this.committedSeqnoA = committedSeqnoA;
    this.state = state;
    this.balanceA = balanceA;
    this.balanceB = balanceB;
    this.keyA = keyA.clone();
    this.keyB = keyB.clone();
    this.channelId = channelId;
  }

  public boolean open() {
    return state == 1;
  }
}
