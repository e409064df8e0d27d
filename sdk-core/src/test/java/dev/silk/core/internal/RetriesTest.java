package dev.silk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.RequestOptions;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry policy alone: budgets, per-call overrides, backoff bounds and Retry-After (no waiting). */
class RetriesTest {
  private static final SilkException IO = new SilkIoException("io", "connection reset", null);
  private final Retries retries = new Retries(Duration.ofSeconds(30), 2, Duration.ofMillis(100));

  @Test
  void aRetriableFailureIsRetriedWithinTheBudgetOnly() {
    RequestOptions defaults = RequestOptions.defaults();
    assertThat(retries.delay(IO, e -> true, 0, defaults)).isNotNull();
    assertThat(retries.delay(IO, e -> true, 1, defaults)).isNotNull();
    assertThat(retries.delay(IO, e -> true, 2, defaults)).as("the third failure surfaces").isNull();
    assertThat(retries.delay(IO, e -> false, 0, defaults)).as("not retriable").isNull();
  }

  @Test
  void theCallsOwnBudgetAndTimeoutWin() {
    RequestOptions none = RequestOptions.builder().maxRetries(0).timeout(Duration.ofSeconds(3)).build();
    assertThat(retries.delay(IO, e -> true, 0, none)).isNull();
    assertThat(retries.timeout(none)).isEqualTo(Duration.ofSeconds(3));
    assertThat(retries.timeout(RequestOptions.defaults())).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void thePredicateRunsEvenOnTheLastAttempt() {
    boolean[] asked = {false};
    retries.delay(IO, e -> asked[0] = true, 5, RequestOptions.defaults());
    assertThat(asked[0]).as("a stale descriptor is dropped even when no retry follows").isTrue();
  }

  @Test
  void backoffDoublesWithJitterAndIsCapped() {
    RequestOptions many = RequestOptions.builder().maxRetries(100).build();
    for (int attempt = 0; attempt < 20; attempt++) {
      long exponential = Math.min(Retries.MAX_BACKOFF.toMillis(), 100L << Math.min(attempt, 10));
      for (int sample = 0; sample < 200; sample++) {
        long delay = retries.delay(IO, e -> true, attempt, many).toMillis();
        assertThat(delay).as("attempt %d", attempt).isBetween(exponential / 2, exponential);
      }
    }
  }

  @Test
  void aSignedRetryAfterIsHonouredUpToABound() {
    RequestOptions defaults = RequestOptions.defaults();
    SilkException wait5 = new RateLimitedException("rate_limited", "slow down", Duration.ofSeconds(5));
    assertThat(retries.delay(wait5, e -> true, 0, defaults)).isEqualTo(Duration.ofSeconds(5));
    SilkException waitHour = new RateLimitedException("rate_limited", "slow down", Duration.ofHours(1));
    assertThat(retries.delay(waitHour, e -> true, 0, defaults)).isEqualTo(Retries.MAX_BACKOFF.multipliedBy(4));
  }
}
