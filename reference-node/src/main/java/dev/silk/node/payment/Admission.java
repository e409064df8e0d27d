package dev.silk.node.payment;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.payment.PaymentQuote;

/**
 * The outcome of {@link PaymentDesk#admit}: a reservation, or a signed error's code and reason,
 * or a quote, or {@link #UNAVAILABLE}. Immutable.
 */
public final class Admission {
  /**
   * The ledger cannot be reached now: nothing of the payment was recorded; the client may retry
   * (a signed 503).
   */
  public static final Admission UNAVAILABLE = new Admission(null, ErrorCode.OVERLOADED, "payment ledger unavailable",
      null);

  /** What the request may be charged, when admitted; else null. */
  public final Reservation reservation;
  /** Why the request is refused, else null. */
  public final ErrorCode refusal;
  public final String reason;
  /** The signed quote of a {@link ErrorCode#PAYMENT_REQUIRED} refusal, else null. */
  public final PaymentQuote quote;

  Admission(Reservation reservation, ErrorCode refusal, String reason, PaymentQuote quote) {
    this.reservation = reservation;
    this.refusal = refusal;
    this.reason = reason;
    this.quote = quote;
  }

  static Admission refuse(ErrorCode code, String reason) {
    return new Admission(null, code, reason, null);
  }
}
