package dev.silk.node.limit;

import java.time.Duration;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code capacity} saved up.
 * Thread-safe.
 */
public final class TokenBucket {
  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  public TokenBucket(double ratePerSecond, double capacity) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) {
      throw new IllegalArgumentException("rate must be positive and capacity at least 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastRefill = System.nanoTime();
  }

  /** Takes one token; returns null if allowed, else how long until a token is available. */
  public synchronized Duration tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerNano));
  }

  /** Whether the bucket is full again (an idle key's bucket can be dropped). */
  synchronized boolean full() {
    return tokens + (System.nanoTime() - lastRefill) * ratePerNano >= capacity;
  }
}
