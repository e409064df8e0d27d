package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;

/** What a cooperative close settled: the charged total and the balances paid out. Immutable. */
public final class ClosedChannel {
  private final TonAmount charged;
  private final TonAmount balanceA;
  private final TonAmount balanceB;

  public ClosedChannel(TonAmount charged, TonAmount balanceA, TonAmount balanceB) {
    this.charged = charged;
    this.balanceA = balanceA;
    this.balanceB = balanceB;
  }

  /** What the node charged over the channel's life (the close's sent_A). */
  public TonAmount charged() {
    return charged;
  }

  public TonAmount balanceA() {
    return balanceA;
  }

  public TonAmount balanceB() {
    return balanceB;
  }

  @Override
  public String toString() {
    return "ClosedChannel[charged " + charged + ", A " + balanceA + ", B " + balanceB + "]";
  }
}
