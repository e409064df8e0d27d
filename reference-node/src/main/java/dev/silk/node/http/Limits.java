package dev.silk.node.http;

import dev.silk.node.limit.TokenBucket;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The node's limits for all clients together, taken once a request's body is read and before any
 * crypto: a token-bucket rate and a bound on sealed requests in flight. (Per-client limits come
 * first, in the HTTP layer.) Thread-safe.
 */
final class Limits {
  private final TokenBucket rate;
  private final Semaphore inFlight;

  Limits(double ratePerSecond, int maxInFlight) {
    this.rate = new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond));
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Takes one token; returns null if allowed, else how long until a token is available. */
  Duration tryRate() {
    return rate.tryTake();
  }

  boolean tryEnter() {
    return inFlight.tryAcquire();
  }

  void exit() {
    inFlight.release();
  }
}
