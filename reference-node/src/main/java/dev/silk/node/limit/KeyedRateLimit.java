package dev.silk.node.limit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a channel, say): one key over its rate does not slow another. Keys
 * whose bucket is full again are dropped when the map grows past {@code maxKeys}, so keys an
 * attacker invents cost bounded memory. Thread-safe.
 */
public final class KeyedRateLimit {
  private final double ratePerSecond;
  private final int maxKeys;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public KeyedRateLimit(double ratePerSecond, int maxKeys) {
    this.ratePerSecond = ratePerSecond;
    this.maxKeys = maxKeys;
  }

  /** Takes one token of {@code key}'s bucket; null if allowed, else how long until one is available. */
  public Duration tryTake(String key) {
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= maxKeys) {
        buckets.values().removeIf(TokenBucket::full);
      }
      bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond)));
    }
    return bucket.tryTake();
  }
}
