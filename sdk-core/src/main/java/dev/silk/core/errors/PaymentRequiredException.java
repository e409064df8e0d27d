package dev.silk.core.errors;

/** The node requires payment (HTTP 402, {@code payment_required}). Not retried by the client until payment support lands. */
public class PaymentRequiredException extends SilkException {
  private static final long serialVersionUID = 1L;

  public PaymentRequiredException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
