package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * What every payment ledger must do, run against each (the SQLite file, a real PostgreSQL): the
 * money rules hold in the database, and what is recorded inside {@link PaymentLedger#locked}
 * survives reopening. A subclass opens a ledger on its store; a second {@link #open()} opens the
 * same store again (a restart, or another replica).
 */
abstract class PaymentLedgerContract {
  static final String CHANNEL = "0:" + "ab".repeat(32);
  static final byte[] SIG = new byte[64];

  /** A ledger on this test's store; a second call opens the same store. */
  abstract PaymentLedger open() throws Exception;

  /** The ledger the test's methods use, opened before each test by the subclass. */
  abstract PaymentLedger ledger();

  static byte[] id(int n) {
    byte[] id = new byte[16];
    id[15] = (byte) n;
    id[14] = (byte) (n >> 8);
    return id;
  }

  /** A refused write that broke a rule (not an outage). */
  boolean constraint(Throwable e) {
    return e instanceof SQLException && ledger().isConstraint((SQLException) e);
  }

  /** A fresh copy of {@link #CHANNEL}'s account, as a replica that has not read it yet holds it. */
  static ChannelAccount account(PaymentLedger ledger) {
    return account(CHANNEL);
  }

  static ChannelAccount account(String channel) {
    return new ChannelAccount(channel, new byte[32], new byte[32], BigInteger.ONE, Long.MAX_VALUE,
        0, 0, 0, Collections.emptyMap(), 0);
  }

  @Test
  void aSeqnoIsAcceptedOnceAndAmountsNeverDecreaseAsSeqnosGrow() throws Exception {
    PaymentLedger ledger = ledger();
    ledger.accept(CHANNEL, 5, 1_000, SIG, 1);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 5, 2_000, SIG, 2)).matches(this::constraint);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 6, 999, SIG, 3)).as("newer, less").matches(this::constraint);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 4, 1_001, SIG, 4)).as("older, more").matches(this::constraint);
    ledger.accept(CHANNEL, 4, 1_000, SIG, 5);
    ledger.accept(CHANNEL, 7, 3_000, SIG, 6);
    PaymentLedger.Account account = ledger.account(CHANNEL).get();
    assertThat(account.heldSeqno).isEqualTo(7);
    assertThat(account.heldSent).isEqualTo(3_000);
    java.util.Map<Long, PaymentLedger.State> after = ledger.statesAfter(CHANNEL, 4);
    assertThat(after).containsOnlyKeys(5L, 7L);
    assertThat(after.get(5L).sent).isEqualTo(1_000);
    assertThat(after.get(7L).sent).isEqualTo(3_000);
    assertThat(after.get(7L).signature()).isEqualTo(SIG);
    assertThat(ledger.sentAtOrBelow(CHANNEL, 6)).isEqualTo(1_000);
  }

  @Test
  void chargesMoveTheTotalExactlyAndNeverPastTheHeldAmount() throws Exception {
    PaymentLedger ledger = ledger();
    ledger.accept(CHANNEL, 1, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 1, 600, 600, null, 2);
    assertThatThrownBy(() -> ledger.charge(id(2), CHANNEL, 1, 100, 600, null, 3)).as("computed on a stale total")
        .isInstanceOf(PaymentLedger.ConflictException.class);
    assertThatThrownBy(() -> ledger.charge(id(3), CHANNEL, 1, 401, 1_001, null, 4)).as("past the held amount")
        .matches(this::constraint);
    assertThatThrownBy(() -> ledger.charge(id(4), CHANNEL, 2, 100, 700, null, 5)).as("a state never accepted")
        .matches(this::constraint);
    ledger.charge(id(5), CHANNEL, 1, 400, 1_000, new byte[] {1}, 6);
    assertThat(ledger.account(CHANNEL).get().charged).isEqualTo(1_000);
    assertThat(ledger.sumOfCharges(CHANNEL)).isEqualTo(1_000);
    assertThat(ledger.receipt(id(5))).hasValueSatisfying(r -> assertThat(r).containsExactly(1));
    assertThat(ledger.receipt(id(1))).as("a stream the client stopped: charged, no receipt").isEmpty();
    assertThat(ledger.chargedThrough(CHANNEL, 1)).isEqualTo(1_000);
    assertThat(ledger.healthy()).as("refused writes are answers, not failures").isTrue();
  }

  @Test
  void whatIsRecordedUnderTheLockIsKeptAndAClosingChannelStaysClosing() throws Exception {
    PaymentLedger ledger = ledger();
    ChannelAccount account = account(ledger);
    ledger.locked(account, entries -> {
      entries.accept(CHANNEL, 1, 5_000, SIG, 1);
      entries.reserve(id(1), CHANNEL, 2_000);
      account.reserve(1, 5_000, SIG, 2_000);
      return null;
    });
    ledger.locked(account, entries -> {
      entries.charge(id(1), CHANNEL, 1, 1_500, 1_500, new byte[] {9}, 2);
      account.charged(1_500);
      account.finish(2_000);
      entries.closing(CHANNEL);
      return null;
    });
    assertThat(ledger.closing(CHANNEL)).isTrue();
    try (PaymentLedger reopened = open()) {
      assertThat(reopened.account(CHANNEL).get().charged).isEqualTo(1_500);
      assertThat(reopened.closing(CHANNEL)).as("a countersigned close outlives a restart").isTrue();
      ChannelAccount fresh = account(reopened);
      int inFlight = reopened.locked(fresh, entries -> fresh.inFlight());
      assertThat(inFlight).as("a charge ends its reservation").isZero();
    }
    assertThat(ledger.closing("0:" + "cd".repeat(32))).isFalse();
    ledger.stopPayments("0:" + "cd".repeat(32));
    assertThat(ledger.closing("0:" + "cd".repeat(32))).as("stopped by the watch, before any payment").isTrue();
    assertThat(ledger.accounts()).extracting(a -> a.channel).as("no payment, not an account").containsOnly(CHANNEL);
  }

  /** A rule broken inside the lock undoes every entry of that work, and leaves the ledger working. */
  @Test
  void aRefusedEntryLeavesTheBooksAsTheyWere() throws Exception {
    PaymentLedger ledger = ledger();
    ledger.accept(CHANNEL, 1, 1_000, SIG, 1);
    ChannelAccount account = account(ledger);
    assertThatThrownBy(() -> ledger.locked(account, entries -> {
      entries.charge(id(1), CHANNEL, 1, 1_001, 1_001, null, 2);
      return null;
    })).matches(this::constraint);
    assertThat(ledger.account(CHANNEL).get().charged).isZero();
    assertThat(ledger.sumOfCharges(CHANNEL)).isZero();
    ledger.charge(id(1), CHANNEL, 1, 1_000, 1_000, null, 3);
    assertThat(ledger.account(CHANNEL).get().charged).isEqualTo(1_000);
  }
}
