package dev.silk.core.errors;

/** The connection failed or broke ({@code io}). Retried when no answer bytes were received. */
public class SilkIoException extends SilkException {
  private static final long serialVersionUID = 1L;

  public SilkIoException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
