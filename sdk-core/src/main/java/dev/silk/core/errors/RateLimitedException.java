package dev.silk.core.errors;

import java.time.Duration;

/**
 * The node refused the request because of its rate limit or load ({@code rate_limited},
 * {@code overloaded}; HTTP 429/503). {@link #retryAfter()} is the node's advice, taken only from
 * a signed error. Retried with backoff within the call's retry budget before it surfaces.
 */
public class RateLimitedException extends SilkException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitedException(String code, String message, Duration retryAfter) {
    super(code, message, null);
    this.retryAfter = retryAfter;
  }

  /** How long the node asked to wait (zero when it gave no signed advice). */
  public Duration retryAfter() {
    return retryAfter;
  }
}
