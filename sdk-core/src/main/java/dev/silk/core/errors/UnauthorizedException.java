package dev.silk.core.errors;

/** The node or a proxy in front of it refused the caller (HTTP 401/403). Not retried. */
public class UnauthorizedException extends SilkException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
