package dev.silk.ton.center;

import dev.silk.core.errors.SilkException;

/**
 * TON Center refused a call ({@code {"ok":false,"error","code"}}) or answered something that is
 * not its API. {@link #code()} is {@code toncenter_<code>} (for example {@code toncenter_416}
 * for a wrong lt/hash pair) or {@code toncenter_malformed}; {@link #httpStatus()} is kept.
 */
public class TonCenterException extends SilkException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public TonCenterException(String code, String message, int httpStatus, Throwable cause) {
    super(code, message, cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status, or 0 if none. */
  public int httpStatus() {
    return httpStatus;
  }
}
