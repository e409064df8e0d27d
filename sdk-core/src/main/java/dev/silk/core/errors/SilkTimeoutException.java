package dev.silk.core.errors;

import dev.silk.core.payment.TonAmount;
/** The call or the stream exceeded its timeout ({@code timeout}). */
public class SilkTimeoutException extends SilkException {
  private static final long serialVersionUID = 1L;

  public SilkTimeoutException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** A failure of a paid request that may have been charged up to {@code amountAtRisk}. */
  public SilkTimeoutException(String code, String message, Throwable cause, TonAmount amountAtRisk) {
    super(code, message, cause, amountAtRisk);
  }
}
