package dev.silk.node.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The node's limits that apply before any crypto: a token-bucket rate limit and a bound on
 * requests in flight. Thread-safe.
 */
final class Limits {
  private final double ratePerNano;
  private final double capacity;
  private final Semaphore inFlight;
  private double tokens;
  private long lastRefill = System.nanoTime();

  Limits(double ratePerSecond, int maxInFlight) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = capacity;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Takes one token; returns null if allowed, else how long until a token is available. */
  synchronized Duration tryRate() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerNano));
  }

  boolean tryEnter() {
    return inFlight.tryAcquire();
  }

  void exit() {
    inFlight.release();
  }
}
