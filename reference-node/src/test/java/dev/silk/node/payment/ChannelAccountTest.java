package dev.silk.node.payment;

import static dev.silk.node.payment.ChannelAccount.Verdict.ABOVE_DEPOSIT;
import static dev.silk.node.payment.ChannelAccount.Verdict.ADMIT;
import static dev.silk.node.payment.ChannelAccount.Verdict.BUSY;
import static dev.silk.node.payment.ChannelAccount.Verdict.MAX_COST_OUT_OF_RANGE;
import static dev.silk.node.payment.ChannelAccount.Verdict.OUT_OF_ORDER;
import static dev.silk.node.payment.ChannelAccount.Verdict.REPLAY;
import static dev.silk.node.payment.ChannelAccount.Verdict.SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The money rules of one channel, at every boundary of every field an outsider chooses (seqno,
 * sent_a, max_cost: 0, 1, max - 1, max, 2^63 - 1), and a seeded walk of many random states that
 * checks the invariant the issue states: charged plus what is in flight never passes the amount
 * of the newest accepted state.
 */
class ChannelAccountTest {
  private static final long MAX = Long.MAX_VALUE;
  private static final long BOUND = 1_000;
  private static final long PER_REQUEST_MAX = 50_000;
  private static final int K = 4;

  private static ChannelAccount account(long deposit) {
    return account(deposit, 0, 0, 0, Collections.emptyMap(), 0);
  }

  private static ChannelAccount account(long deposit, long heldSeqno, long heldSent, long charged,
      Map<Long, Long> recent, long floor) {
    Map<Long, PaymentLedger.State> states = new java.util.TreeMap<>();
    recent.forEach((seqno, sent) -> states.put(seqno, new PaymentLedger.State(sent, signature(seqno, sent))));
    return new ChannelAccount("0:aa", new byte[33], new byte[32], BigInteger.ONE, deposit, heldSeqno, heldSent,
        charged, states, floor);
  }

  /** A stand-in signature, distinct per (seqno, amount): the account compares signatures, it does not verify them. */
  private static byte[] signature(long seqno, long sent) {
    return java.nio.ByteBuffer.allocate(64).putLong(seqno).putLong(sent).array();
  }

  private static ChannelAccount.Verdict check(ChannelAccount a, long seqno, long sent, long maxCost) {
    return a.check(seqno, sent, signature(seqno, sent), maxCost, BOUND, PER_REQUEST_MAX, K);
  }

  @Test
  void seqnoBoundaries() {
    ChannelAccount a = account(MAX);
    assertThat(check(a, 0, BOUND, BOUND)).as("seqno 0").isEqualTo(REPLAY);
    for (long seqno : new long[] {1, MAX - 1, MAX}) {
      assertThat(check(account(MAX), seqno, BOUND, BOUND)).as("seqno %d", seqno).isEqualTo(ADMIT);
    }
    ChannelAccount atTop = account(MAX);
    atTop.reserve(MAX, 2 * BOUND, signature(MAX, 2 * BOUND), BOUND);
    assertThat(check(atTop, MAX, 2 * BOUND, BOUND)).as("the top state again: its credit window").isEqualTo(ADMIT);
    assertThat(check(atTop, MAX, 3 * BOUND, BOUND)).as("the top seqno with another amount").isEqualTo(REPLAY);
    assertThat(atTop.check(MAX, 2 * BOUND, new byte[64], BOUND, BOUND, PER_REQUEST_MAX, K))
        .as("the top seqno with another signature").isEqualTo(REPLAY);
    assertThat(check(atTop, MAX - 1, BOUND, BOUND)).as("a late seqno below the top").isEqualTo(ADMIT);
    assertThat(check(atTop, MAX - 64, BOUND, BOUND)).as("64 below the newest").isEqualTo(REPLAY);
    assertThat(check(atTop, 1, BOUND, BOUND)).as("far below").isEqualTo(REPLAY);
  }

  @Test
  void oneStatePaysForRequestsWhileItCoversThemAndNoLonger() {
    ChannelAccount a = account(MAX);
    long sent = 10 * BOUND;
    assertThat(check(a, 1, sent, BOUND)).isEqualTo(ADMIT);
    a.reserve(1, sent, signature(1, sent), BOUND);
    for (int i = 0; i < 9; i++) {
      a.finish(BOUND);
      a.charged(a.chargedAfter(BOUND));
      assertThat(check(a, 1, sent, BOUND)).as("request %d on the same state", i + 2).isEqualTo(ADMIT);
      a.reserve(1, sent, signature(1, sent), BOUND);
    }
    assertThat(a.heldSeqno()).isEqualTo(1);
    a.finish(BOUND);
    a.charged(a.chargedAfter(BOUND));
    assertThat(check(a, 1, sent, BOUND)).as("the state's credit is spent").isEqualTo(SHORT);
    assertThat(check(a, 2, sent + BOUND, BOUND)).as("a new state adds credit").isEqualTo(ADMIT);
  }

  @Test
  void sentBoundaries() {
    long deposit = 10 * PER_REQUEST_MAX;
    assertThat(check(account(deposit), 1, 0, BOUND)).as("sent 0").isEqualTo(SHORT);
    assertThat(check(account(deposit), 1, 1, BOUND)).as("sent 1").isEqualTo(SHORT);
    assertThat(check(account(deposit), 1, BOUND - 1, BOUND)).as("one short").isEqualTo(SHORT);
    assertThat(check(account(deposit), 1, BOUND, BOUND)).as("exact").isEqualTo(ADMIT);
    assertThat(check(account(deposit), 1, deposit - 1, BOUND)).isEqualTo(ADMIT);
    assertThat(check(account(deposit), 1, deposit, BOUND)).as("the whole deposit").isEqualTo(ADMIT);
    assertThat(check(account(deposit), 1, deposit + 1, BOUND)).isEqualTo(ABOVE_DEPOSIT);
    assertThat(check(account(deposit), 1, MAX, BOUND)).isEqualTo(ABOVE_DEPOSIT);
    assertThat(check(account(MAX), 1, MAX, BOUND)).as("a deposit of 2^63 - 1").isEqualTo(ADMIT);
  }

  @Test
  void maxCostBoundariesAreCheckedBeforeAnySum() {
    long[] refused = {0, 1, BOUND - 1, PER_REQUEST_MAX + 1, MAX - 1, MAX, MAX - BOUND + 1};
    for (long maxCost : refused) {
      ChannelAccount a = account(MAX, 1, MAX, BOUND, Map.of(1L, MAX), 0);
      assertThat(check(a, 2, MAX, maxCost)).as("max_cost %d", maxCost).isEqualTo(MAX_COST_OUT_OF_RANGE);
    }
    assertThat(check(account(MAX), 1, PER_REQUEST_MAX, PER_REQUEST_MAX)).isEqualTo(ADMIT);
    assertThat(check(account(MAX), 1, PER_REQUEST_MAX, BOUND)).isEqualTo(ADMIT);
  }

  @Test
  void aFrozenSentIsNeverServedAgainHoweverLargeMaxCostIs() {
    // The attack of finding 1: charged so far > 0, sent_a frozen, max_cost chosen to wrap a long sum.
    ChannelAccount a = account(MAX, 1, BOUND, 0, Map.of(1L, BOUND), 0);
    a.reserve(2, BOUND, signature(2, BOUND), BOUND);
    a.charged(a.chargedAfter(BOUND));
    a.finish(BOUND);
    for (long maxCost : new long[] {MAX, MAX - 1, MAX - BOUND + 1, 1L << 62}) {
      assertThat(a.check(3, BOUND, signature(3, BOUND), maxCost, BOUND, MAX, K)).as("max_cost %d", maxCost).isEqualTo(SHORT);
    }
  }

  @Test
  void olderSeqnosNeverAddMoney() {
    ChannelAccount a = account(MAX);
    a.reserve(10, 5 * BOUND, signature(10, 5 * BOUND), BOUND);
    assertThat(check(a, 9, 6 * BOUND, BOUND)).as("an older seqno with more money").isEqualTo(OUT_OF_ORDER);
    assertThat(check(a, 11, 5 * BOUND - 1, BOUND)).as("a newer seqno with less money").isEqualTo(OUT_OF_ORDER);
    assertThat(check(a, 9, 5 * BOUND, BOUND)).as("an older seqno with as much").isEqualTo(ADMIT);
    a.reserve(9, 2 * BOUND, signature(9, 2 * BOUND), BOUND);
    assertThat(check(a, 8, 3 * BOUND, BOUND)).as("above its newer neighbour").isEqualTo(OUT_OF_ORDER);
    assertThat(check(a, 8, 2 * BOUND, BOUND)).isEqualTo(ADMIT);
    // Late states are checked against the held (newest) amount: a sixth request in flight would pass it.
    a.reserve(8, BOUND, signature(8, BOUND), BOUND);
    a.reserve(7, BOUND, signature(7, BOUND), BOUND);
    a.reserve(6, BOUND, signature(6, BOUND), BOUND);
    assertThat(a.check(5, BOUND, signature(5, BOUND), BOUND, BOUND, PER_REQUEST_MAX, 8)).isEqualTo(SHORT);
  }

  @Test
  void kRequestsInFlightAtMost() {
    ChannelAccount a = account(MAX);
    for (int i = 1; i <= K; i++) {
      a.reserve(i, 10L * i * BOUND, signature(i, 10L * i * BOUND), BOUND);
    }
    assertThat(check(a, K + 1, 100 * BOUND, BOUND)).isEqualTo(BUSY);
    a.finish(BOUND);
    assertThat(check(a, K + 1, 100 * BOUND, BOUND)).isEqualTo(ADMIT);
  }

  @Test
  void aChargePastTheHeldAmountIsImpossible() {
    ChannelAccount a = account(MAX, 1, BOUND, BOUND - 1, Map.of(1L, BOUND), 0);
    assertThat(a.chargedAfter(1)).isEqualTo(BOUND);
    assertThatThrownBy(() -> a.chargedAfter(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> account(MAX, 1, BOUND, BOUND + 1, Map.of(1L, BOUND), 0))
        .isInstanceOf(IllegalStateException.class);
    ChannelAccount full = account(MAX, 1, MAX, MAX - 1, Map.of(1L, MAX), 0);
    assertThatThrownBy(() -> full.chargedAfter(MAX)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void theWindowIsRebuiltFromTheLedgerAfterARestart() {
    TreeMap<Long, Long> recent = new TreeMap<>();
    recent.put(100L, 10 * BOUND);
    recent.put(98L, 8 * BOUND);
    ChannelAccount a = account(MAX, 100, 10 * BOUND, 0, recent, 3 * BOUND);
    assertThat(check(a, 98, 8 * BOUND, BOUND)).as("accepted before the restart: still its credit window")
        .isEqualTo(ADMIT);
    assertThat(check(a, 98, 9 * BOUND, BOUND)).as("accepted before the restart with another amount")
        .isEqualTo(REPLAY);
    assertThat(check(a, 99, 9 * BOUND, BOUND)).isEqualTo(ADMIT);
    assertThat(check(a, 36, 3 * BOUND, BOUND)).as("64 below the newest").isEqualTo(REPLAY);
    assertThat(check(a, 37, 3 * BOUND, BOUND)).as("never accepted, inside the window").isEqualTo(ADMIT);
    assertThat(check(a, 97, 3 * BOUND - 1, BOUND)).as("below the floor's amount").isEqualTo(OUT_OF_ORDER);
  }

  /** A seeded walk of random (often hostile) states, requests and charges: the invariant always holds. */
  @Test
  void chargedPlusInFlightNeverPassesTheHeldAmount() {
    Random random = new Random(20261202);
    long[] interesting = {0, 1, BOUND - 1, BOUND, PER_REQUEST_MAX, PER_REQUEST_MAX + 1, MAX - 1, MAX};
    for (int run = 0; run < 200; run++) {
      long deposit = random.nextBoolean() ? MAX : 1 + random.nextInt(1_000_000);
      ChannelAccount a = account(deposit);
      java.util.ArrayDeque<Long> inFlight = new java.util.ArrayDeque<>();
      for (int step = 0; step < 300; step++) {
        if (!inFlight.isEmpty() && random.nextInt(3) == 0) {
          long maxCost = inFlight.poll();
          if (random.nextBoolean()) {
            long cost = random.nextInt(3) == 0 ? maxCost : (long) (random.nextDouble() * maxCost);
            a.charged(a.chargedAfter(cost));
          }
          a.finish(maxCost);
        } else {
          long seqno = random.nextInt(4) == 0 ? interesting[random.nextInt(interesting.length)]
              : Math.max(0, a.heldSeqno() + random.nextInt(80) - 40);
          long sent = random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)]
              : a.heldSent() + random.nextInt(3 * (int) PER_REQUEST_MAX) - PER_REQUEST_MAX;
          long maxCost = random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)]
              : BOUND + random.nextInt((int) (PER_REQUEST_MAX - BOUND));
          if (a.check(seqno, sent, signature(seqno, sent), maxCost, BOUND, PER_REQUEST_MAX, K) == ADMIT) {
            a.reserve(seqno, sent, signature(seqno, sent), maxCost);
            inFlight.add(maxCost);
          }
        }
        assertThat(a.charged() + a.reserved()).as("run %d step %d", run, step).isLessThanOrEqualTo(a.heldSent());
        assertThat(a.heldSent()).isLessThanOrEqualTo(deposit);
        assertThat(a.inFlight()).isBetween(0, K);
      }
    }
  }
}
