package dev.silk.ton.wallet;

import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;

/** A transfer was not sent: the wallet cannot pay its amount plus the estimated fee ({@code insufficient_funds}). */
public class InsufficientFundsException extends SilkException {
  private static final long serialVersionUID = 1L;

  private final TonAmount balance;
  private final TonAmount needed;

  public InsufficientFundsException(TonAmount balance, TonAmount needed) {
    super("insufficient_funds", "the wallet holds " + balance + " but the transfer needs " + needed
        + " with fees; nothing was sent", null);
    this.balance = balance;
    this.needed = needed;
  }

  public TonAmount balance() {
    return balance;
  }

  public TonAmount needed() {
    return needed;
  }
}
