package dev.silk.core.errors;

import dev.silk.core.payment.TonAmount;
/** The connection failed or broke ({@code io}). Retried when no answer bytes were received. */
public class SilkIoException extends SilkException {
  private static final long serialVersionUID = 1L;

  public SilkIoException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** A failure of a paid request that may have been charged up to {@code amountAtRisk}. */
  public SilkIoException(String code, String message, Throwable cause, TonAmount amountAtRisk) {
    super(code, message, cause, amountAtRisk);
  }
}
