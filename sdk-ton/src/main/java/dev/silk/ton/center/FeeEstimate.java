package dev.silk.ton.center;

import dev.silk.core.payment.TonAmount;

/** The fees of an external message at its source account, as TON Center estimates them. Immutable. */
public final class FeeEstimate {
  private final TonAmount inForwardFee;
  private final TonAmount storageFee;
  private final TonAmount gasFee;
  private final TonAmount forwardFee;

  public FeeEstimate(TonAmount inForwardFee, TonAmount storageFee, TonAmount gasFee, TonAmount forwardFee) {
    this.inForwardFee = inForwardFee;
    this.storageFee = storageFee;
    this.gasFee = gasFee;
    this.forwardFee = forwardFee;
  }

  public TonAmount inForwardFee() {
    return inForwardFee;
  }

  public TonAmount storageFee() {
    return storageFee;
  }

  public TonAmount gasFee() {
    return gasFee;
  }

  public TonAmount forwardFee() {
    return forwardFee;
  }

  /** Everything the source account pays. */
  public TonAmount total() {
    return inForwardFee.plus(storageFee).plus(gasFee).plus(forwardFee);
  }

  @Override
  public String toString() {
    return "FeeEstimate[total " + total() + "]";
  }
}
