package dev.silk.core.errors;

/** The node rejected the request as malformed, unsupported or for an unknown model (HTTP 400/404/413/421). Not retried. */
public class BadRequestException extends SilkException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
