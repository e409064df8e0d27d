package dev.silk.core.internal.discovery;

import java.time.Duration;
import java.time.Instant;

/**
 * What a client has learnt of one node's health: latency (an EWMA of answered attempts), requests
 * in flight, and a rest after failures that grows with each one in a row (capped) or follows a
 * signed Retry-After. Its score, latency × (in flight + 1), is what power-of-two choices compares.
 * Thread-safe.
 */
final class NodeHealth {
  static final Duration FIRST_REST = Duration.ofMillis(500);
  static final Duration MAX_REST = Duration.ofSeconds(30);
  private static final double EWMA_WEIGHT = 0.2;

  private double ewmaNanos;
  private int inFlight;
  private int failures;
  private Instant restUntil = Instant.MIN;

  synchronized boolean resting(Instant now) {
    return now.isBefore(restUntil);
  }

  synchronized double score() {
    return ewmaNanos * (inFlight + 1);
  }

  synchronized void started() {
    inFlight++;
  }

  /** Rests the node from {@code now} for {@code rest}. */
  synchronized void rest(Instant now, Duration rest) {
    restUntil = now.plus(rest);
  }

  /** One attempt ended at {@code now}, after {@code elapsed}. */
  synchronized void ended(NodeTarget.Outcome outcome, Duration elapsed, Duration retryAfter, Instant now) {
    inFlight = Math.max(0, inFlight - 1);
    switch (outcome) {
      case ANSWERED:
        failures = 0;
        long nanos = elapsed.toNanos();
        ewmaNanos = ewmaNanos == 0 ? nanos : ewmaNanos * (1 - EWMA_WEIGHT) + nanos * EWMA_WEIGHT;
        break;
      case REFUSED:
        restUntil = now.plus(retryAfter);
        break;
      case STOPPED:
        // The caller's choice, not the node's failure: no rest, no weight.
        break;
      case NOT_REACHED:
      case BROKEN:
        failures++;
        long rest = Math.min(MAX_REST.toMillis(), FIRST_REST.toMillis() << Math.min(failures - 1, 10));
        restUntil = now.plus(Duration.ofMillis(rest));
        // A slow failure weighs on the node's latency too, so that it is picked less after it rests.
        ewmaNanos = Math.max(ewmaNanos, elapsed.toNanos());
        break;
      default:
        break;
    }
  }
}
