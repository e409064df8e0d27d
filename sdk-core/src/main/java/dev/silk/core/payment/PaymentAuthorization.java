package dev.silk.core.payment;

import java.util.Objects;

/**
 * One attempt's payment as a {@link PaymentProvider} authorized it: the scheme-specific state
 * sealed into the request, its maximum cost, and a handle the provider uses to find its
 * bookkeeping again. Immutable and thread-safe.
 */
public final class PaymentAuthorization {
  private final byte[] payment;
  private final TonAmount maxCost;
  private final long handle;

  private PaymentAuthorization(byte[] payment, TonAmount maxCost, long handle) {
    this.payment = payment;
    this.maxCost = maxCost;
    this.handle = handle;
  }

  public static PaymentAuthorization of(byte[] payment, TonAmount maxCost, long handle) {
    return new PaymentAuthorization(Objects.requireNonNull(payment, "payment").clone(),
        Objects.requireNonNull(maxCost, "maxCost"), handle);
  }

  /** The payment state to seal (a copy). */
  public byte[] payment() {
    return payment.clone();
  }

  public TonAmount maxCost() {
    return maxCost;
  }

  /** The provider's own handle for this attempt. */
  public long handle() {
    return handle;
  }

  @Override
  public String toString() {
    return "PaymentAuthorization[#" + handle + ", max " + maxCost + "]";
  }
}
