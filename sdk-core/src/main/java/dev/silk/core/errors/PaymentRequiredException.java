package dev.silk.core.errors;

import dev.silk.crypto.payment.PaymentQuote;
import java.util.Optional;

/**
 * The node requires payment ({@code payment_required}, HTTP 402) and the client could not
 * provide it: no {@link dev.silk.core.payment.PaymentProvider} is configured, the provider
 * declined (caps, exhausted channel), or the node kept refusing. {@link #quote()} holds the
 * node's signed, verified quote when it sent one.
 */
public class PaymentRequiredException extends SilkException {
  private static final long serialVersionUID = 1L;

  private final transient PaymentQuote quote;

  public PaymentRequiredException(String code, String message, Throwable cause) {
    this(code, message, cause, null);
  }

  public PaymentRequiredException(String code, String message, Throwable cause, PaymentQuote quote) {
    super(code, message, cause);
    this.quote = quote;
  }

  /** The node's verified quote for the refused request, if it sent one. */
  public Optional<PaymentQuote> quote() {
    return Optional.ofNullable(quote);
  }
}
