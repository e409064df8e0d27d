package dev.silk.core.internal;

import dev.silk.core.RequestOptions;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * When a request tries again: the client's retry budget and timeout, overridable per call, and
 * an exponential backoff with jitter that honours a node's signed Retry-After (bounded). Immutable.
 */
final class Retries {
  static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;

  Retries(Duration timeout, int maxRetries, Duration backoff) {
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
  }

  /** The timeout of one attempt: the call's own, or the client's. */
  Duration timeout(RequestOptions options) {
    return options.timeout() != null ? options.timeout() : timeout;
  }

  /**
   * The delay before attempt {@code attempt + 1}, or null when {@code e} must surface. The
   * predicate runs first even on the last attempt: it may drop a stale descriptor.
   */
  Duration delay(SilkException e, Predicate<SilkException> retriable, int attempt, RequestOptions options) {
    int budgetOfRetries = options.maxRetries() != null ? options.maxRetries() : maxRetries;
    if (!retriable.test(e) || attempt >= budgetOfRetries) {
      return null;
    }
    long exponential = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt, 10));
    long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
    long advised = e instanceof RateLimitedException ? ((RateLimitedException) e).retryAfter().toMillis() : 0;
    return Duration.ofMillis(Math.max(jittered, Math.min(advised, MAX_BACKOFF.toMillis() * 4)));
  }

  static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SilkIoException("cancelled", "interrupted while waiting to retry", e);
    }
  }
}
