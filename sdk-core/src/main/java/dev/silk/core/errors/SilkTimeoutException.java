package dev.silk.core.errors;

/** The call or the stream exceeded its timeout ({@code timeout}). */
public class SilkTimeoutException extends SilkException {
  private static final long serialVersionUID = 1L;

  public SilkTimeoutException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
