package dev.silk.node.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.RequestId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every replay store must do, run against each (the SQLite file, a real PostgreSQL). A
 * subclass opens a guard on one store; {@link #open()} twice opens the same store again.
 */
abstract class ReplayGuardContract {
  /** A guard on this test's store; a second call opens the same store (a restart, or another replica). */
  abstract ReplayGuard open() throws Exception;

  @Test
  void idsAndKeysAreRememberedAcrossReopening() throws Exception {
    RequestId id = RequestId.random();
    byte[] enc = new byte[32];
    enc[0] = 7;
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    try (ReplayGuard guard = open()) {
      assertThat(guard.firstSeen(id, enc, now)).isTrue();
      assertThat(guard.firstSeen(id, new byte[32], now)).as("same request id").isFalse();
      assertThat(guard.firstSeen(RequestId.random(), enc, now)).as("same encapsulated key").isFalse();
    }
    try (ReplayGuard reopened = open()) {
      assertThat(reopened.firstSeen(id, new byte[] {1}, now.plusSeconds(60))).isFalse();
      assertThat(reopened.firstSeen(RequestId.random(), enc, now.plusSeconds(60))).isFalse();
      assertThat(reopened.firstSeen(RequestId.random(), new byte[] {2}, now.plusSeconds(60))).isTrue();
    }
  }

  @Test
  void aRefusedRequestLeavesNeitherItsIdNorItsKeyBehind() throws Exception {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    RequestId id = RequestId.random();
    RequestId other = RequestId.random();
    try (ReplayGuard guard = open()) {
      assertThat(guard.firstSeen(id, new byte[] {1}, now)).isTrue();
      assertThat(guard.firstSeen(id, new byte[] {2}, now)).as("seen id").isFalse();
      assertThat(guard.firstSeen(other, new byte[] {1}, now)).as("seen key").isFalse();
      assertThat(guard.firstSeen(RequestId.random(), new byte[] {2}, now)).as("key of a refused request").isTrue();
      assertThat(guard.firstSeen(other, new byte[] {3}, now)).as("id of a refused request").isTrue();
    }
  }

  /**
   * Every pair is sent by two racing threads, each of which then tries the pair's id with a fresh
   * key and the pair's key with a fresh id: exactly one copy of each pair is accepted, no mix.
   */
  @Test
  void racingCopiesAreAcceptedExactlyOnce() throws Exception {
    try (ReplayGuard guard = open()) {
      assertRacingCopiesAcceptedOnce(guard, guard);
    }
  }

  /** Copy 0 of every pair goes to {@code first}, copy 1 to {@code second} (the same guard, or two replicas). */
  static void assertRacingCopiesAcceptedOnce(ReplayGuard first, ReplayGuard second) throws Exception {
    int pairs = 400;
    RequestId[] ids = new RequestId[pairs];
    byte[][] keys = new byte[pairs][];
    for (int i = 0; i < pairs; i++) {
      ids[i] = RequestId.random();
      keys[i] = java.nio.ByteBuffer.allocate(4).putInt(i).array();
    }
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    java.util.concurrent.atomic.AtomicIntegerArray accepted = new java.util.concurrent.atomic.AtomicIntegerArray(pairs);
    java.util.concurrent.atomic.AtomicInteger crossAccepted = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int copy = 0; copy < 2; copy++) {
        ReplayGuard guard = copy == 0 ? first : second;
        for (int i = 0; i < pairs; i++) {
          int pair = i;
          done.add(threads.submit(() -> {
            start.await();
            if (guard.firstSeen(ids[pair], keys[pair], now)) {
              accepted.incrementAndGet(pair);
            }
            // A fresh id with an earlier pair's key, or an earlier pair's id with a fresh key: never accepted.
            byte[] fresh = java.nio.ByteBuffer.allocate(8).putInt(pair).putInt(-1 - pair).array();
            if (guard.firstSeen(RequestId.random(), keys[pair], now) | guard.firstSeen(ids[pair], fresh, now)) {
              crossAccepted.incrementAndGet();
            }
            return null;
          }));
        }
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    for (int i = 0; i < pairs; i++) {
      assertThat(accepted.get(i)).as("pair %d", i).isEqualTo(1);
    }
    assertThat(crossAccepted.get()).isZero();
  }

  @Test
  void entriesOlderThanTwoWindowsArePurged() throws Exception {
    RequestId id = RequestId.random();
    Instant then = Instant.parse("2026-11-25T12:00:00Z");
    try (ReplayGuard guard = open()) {
      assertThat(guard.firstSeen(id, new byte[] {3}, then)).isTrue();
      // Eleven minutes later the request would be refused by its timestamp anyway.
      assertThat(guard.firstSeen(id, new byte[] {3}, then.plus(Duration.ofMinutes(11)))).isTrue();
    }
  }
}
