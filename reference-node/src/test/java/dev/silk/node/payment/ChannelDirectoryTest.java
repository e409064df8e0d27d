package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.node.MovableClock;
import dev.silk.ton.TonAddress;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nobody can make the node wait on the chain by naming channels (issue 14, finding 5). */
class ChannelDirectoryTest {
  private static TonAddress address(int n) {
    byte[] account = new byte[32];
    account[0] = (byte) n;
    account[1] = (byte) (n >> 8);
    return TonAddress.of(0, account);
  }

  private static OnChainChannel open() {
    return new OnChainChannel(1, 100, 0, new byte[32], new byte[32], BigInteger.ONE);
  }

  /** A chain stand-in that counts its calls and answers once {@code thaw} opens: address 1 is an open channel. */
  private static ChainView heldUntil(CountDownLatch thaw, AtomicInteger calls) {
    return a -> {
      calls.incrementAndGet();
      try {
        thaw.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return a.equals(address(1)) ? Optional.of(open()) : Optional.empty();
    };
  }

  @Test
  void aFrozenChainHoldsAtMostTheBoundedReadsAndNobodyWaitsPastTheDeadline() throws Exception {
    CountDownLatch thaw = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ChainView frozen = heldUntil(thaw, calls);
    try (ChannelDirectory directory = new ChannelDirectory(frozen, 3, Duration.ofMillis(300), Duration.ofSeconds(5),
        Clock.systemUTC())) {
      ExecutorService callers = Executors.newFixedThreadPool(20);
      List<Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        outcomes.add(callers.submit(() -> {
          try {
            directory.lookup(address(n));
            return "answered";
          } catch (ChannelDirectory.ChainUnavailableException e) {
            return e.getMessage();
          }
        }));
      }
      int refusedAtOnce = 0;
      for (Future<String> f : outcomes) {
        String outcome = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(outcome).isNotEqualTo("answered");
        if (outcome.startsWith("too many")) {
          refusedAtOnce++;
        }
      }
      assertThat(calls.get()).as("chain calls under way at once").isEqualTo(3);
      assertThat(refusedAtOnce).as("beyond 3 reads and 12 waiting for a turn").isEqualTo(5);
      callers.shutdown();
      thaw.countDown();
    }
  }

  @Test
  void oneReadPerAddressIsSharedAndAnswersAreRemembered() throws Exception {
    CountDownLatch thaw = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ChainView slow = heldUntil(thaw, calls);
    MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    try (ChannelDirectory directory = new ChannelDirectory(slow, 1, Duration.ofSeconds(20), Duration.ofSeconds(5),
        clock)) {
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<Future<Optional<OnChainChannel>>> same = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        same.add(callers.submit(() -> directory.lookup(address(1))));
      }
      Thread.sleep(200);
      thaw.countDown();
      for (Future<Optional<OnChainChannel>> f : same) {
        assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
      }
      assertThat(calls.get()).as("eight callers, one read").isEqualTo(1);
      directory.lookup(address(1));
      assertThat(calls.get()).as("an open channel's keys are final").isEqualTo(1);

      assertThat(directory.lookup(address(2))).isEmpty();
      assertThat(directory.lookup(address(2))).isEmpty();
      assertThat(calls.get()).as("unknown, remembered").isEqualTo(2);
      clock.advance(Duration.ofSeconds(6));
      directory.lookup(address(2));
      assertThat(calls.get()).as("forgotten after its time").isEqualTo(3);
      directory.read(address(1));
      assertThat(calls.get()).as("a balance read goes to the chain").isEqualTo(4);
      callers.shutdown();
    }
  }

  @Test
  void aFailingChainIsAnUnavailableChain() {
    ChainView broken = a -> {
      throw new IllegalStateException("HTTP 500");
    };
    try (ChannelDirectory directory = new ChannelDirectory(broken, 2, Duration.ofSeconds(5), Duration.ofSeconds(5),
        Clock.systemUTC())) {
      assertThatThrownBy(() -> directory.lookup(address(7))).isInstanceOf(ChannelDirectory.ChainUnavailableException.class)
          .hasMessageContaining("IllegalStateException");
    }
  }
}
