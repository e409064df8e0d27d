package dev.silk.core.errors;

import dev.silk.core.payment.TonAmount;
/**
 * Base of every exception the client throws. {@link #code()} is a stable, machine-readable
 * code: a protocol code from spec-v1 §9 (for example {@code "rate_limited"}) or one of the
 * client's own ({@code "timeout"}, {@code "io"}, {@code "cancelled"}). Messages never contain
 * prompts, answers or keys.
 */
public class SilkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String detail;
  private final TonAmount amountAtRisk;

  public SilkException(String code, String message, Throwable cause) {
    this(code, message, cause, TonAmount.ZERO);
  }

  /** @param amountAtRisk what the failed request may still have been charged (see {@link #amountAtRisk()}) */
  protected SilkException(String code, String message, Throwable cause, TonAmount amountAtRisk) {
    super(code + ": " + message, cause);
    this.code = code;
    this.detail = message;
    this.amountAtRisk = amountAtRisk;
  }

  /** The message without the code. */
  public String detail() {
    return detail;
  }

  /**
   * What this failed request may still have been charged: the signed maximum of a paid attempt
   * that may have reached its node before it failed (a timeout, a lost answer). Zero when nothing
   * can have been charged. The payment provider resyncs with the node's signed channel status
   * before its next state, so the charge, if any, is known then.
   */
  public TonAmount amountAtRisk() {
    return amountAtRisk;
  }

  /** The stable code of this failure. */
  public String code() {
    return code;
  }
}
