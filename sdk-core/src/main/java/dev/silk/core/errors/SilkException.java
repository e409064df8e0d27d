package dev.silk.core.errors;

/**
 * Base of every exception the client throws. {@link #code()} is a stable, machine-readable
 * code: a protocol code from spec-v1 §9 (for example {@code "rate_limited"}) or one of the
 * client's own ({@code "timeout"}, {@code "io"}, {@code "cancelled"}). Messages never contain
 * prompts, answers or keys.
 */
public class SilkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public SilkException(String code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  /** The stable code of this failure. */
  public String code() {
    return code;
  }
}
