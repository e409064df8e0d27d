package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.node.TestDirs;
import dev.silk.node.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's money rules hold in the database itself: writes that break them are refused
 * whoever makes them, through the ledger's own methods or in plain SQL.
 */
class PaymentLedgerTest {
  private static final String CHANNEL = "0:" + "ab".repeat(32);
  private static final byte[] SIG = new byte[64];
  private Path dir;
  private PaymentLedger ledger;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("silk-ledger");
    ledger = PaymentLedger.open(dir);
  }

  @AfterEach
  void close() throws Exception {
    ledger.close();
    TestDirs.deleteRecursively(dir);
  }

  private static byte[] id(int n) {
    byte[] id = new byte[16];
    id[15] = (byte) n;
    id[14] = (byte) (n >> 8);
    return id;
  }

  private static boolean constraint(Throwable e) {
    return e instanceof SQLException && SqliteStore.isConstraint((SQLException) e);
  }

  @Test
  void aSeqnoIsAcceptedOnceAndAmountsNeverDecreaseAsSeqnosGrow() throws Exception {
    ledger.accept(CHANNEL, 5, 1_000, SIG, 1);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 5, 2_000, SIG, 2)).matches(PaymentLedgerTest::constraint);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 6, 999, SIG, 3)).as("newer, less")
        .matches(PaymentLedgerTest::constraint);
    assertThatThrownBy(() -> ledger.accept(CHANNEL, 4, 1_001, SIG, 4)).as("older, more")
        .matches(PaymentLedgerTest::constraint);
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
    ledger.accept(CHANNEL, 1, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 1, 600, 600, null, 2);
    assertThatThrownBy(() -> ledger.charge(id(2), CHANNEL, 1, 100, 600, null, 3)).as("computed on a stale total")
        .isInstanceOf(PaymentLedger.ConflictException.class);
    assertThatThrownBy(() -> ledger.charge(id(3), CHANNEL, 1, 401, 1_001, null, 4)).as("past the held amount")
        .matches(PaymentLedgerTest::constraint);
    assertThatThrownBy(() -> ledger.charge(id(4), CHANNEL, 2, 100, 700, null, 5)).as("a state never accepted")
        .matches(PaymentLedgerTest::constraint);
    ledger.charge(id(5), CHANNEL, 1, 400, 1_000, new byte[] {1}, 6);
    assertThat(ledger.account(CHANNEL).get().charged).isEqualTo(1_000);
    assertThat(ledger.sumOfCharges(CHANNEL)).isEqualTo(1_000);
    assertThat(ledger.healthy()).as("refused writes are answers, not failures").isTrue();
  }

  @Test
  void plainSqlCannotBreakTheRulesEither() throws Exception {
    ledger.accept(CHANNEL, 3, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 3, 500, 500, null, 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET charged = 1001")).matches(PaymentLedgerTest::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET charged = 100")).as("backwards")
          .matches(PaymentLedgerTest::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET held_seqno = 2")).matches(PaymentLedgerTest::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET held_sent = 900")).matches(PaymentLedgerTest::constraint);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO payment_state VALUES ('" + CHANNEL + "', 2, 1001, x'00', 0)"))
          .matches(PaymentLedgerTest::constraint);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO payment_state VALUES ('" + CHANNEL + "', 0, 1, x'00', 0)"))
          .matches(PaymentLedgerTest::constraint);
    }
  }

  @Test
  void aFirstReleaseLedgerIsMigratedAndOneThatBrokeTheRulesIsRefused() throws Exception {
    ledger.close();
    for (boolean broken : new boolean[] {false, true}) {
      Path old = Files.createTempDirectory("silk-ledger-v1");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("ledger.sqlite"));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE channel (address TEXT PRIMARY KEY, last_seqno INTEGER NOT NULL,"
            + " last_sent INTEGER NOT NULL, last_signature BLOB, charged INTEGER NOT NULL)");
        s.execute("CREATE TABLE charge (request_id BLOB PRIMARY KEY, address TEXT NOT NULL, seqno INTEGER NOT NULL,"
            + " cost INTEGER NOT NULL, cumulative INTEGER NOT NULL, receipt BLOB, at_ms INTEGER NOT NULL)");
        s.execute("INSERT INTO channel VALUES ('" + CHANNEL + "', 9, 2000, x'" + "00".repeat(64) + "', "
            + (broken ? 2500 : 1500) + ")");
        s.execute("INSERT INTO charge VALUES (x'01', '" + CHANNEL + "', 8, 1500, 1500, NULL, 1)");
      }
      if (broken) {
        assertThatThrownBy(() -> PaymentLedger.open(old)).hasMessageContaining(CHANNEL).hasMessageContaining("2500");
      } else {
        try (PaymentLedger migrated = PaymentLedger.open(old)) {
          PaymentLedger.Account a = migrated.account(CHANNEL).get();
          assertThat(a.heldSeqno).isEqualTo(9);
          assertThat(a.heldSent).isEqualTo(2000);
          assertThat(a.charged).isEqualTo(1500);
          assertThat(migrated.sumOfCharges(CHANNEL)).isEqualTo(1500);
          assertThatThrownBy(() -> migrated.accept(CHANNEL, 9, 2000, SIG, 1)).matches(PaymentLedgerTest::constraint);
          migrated.accept(CHANNEL, 10, 2000, SIG, 1);
          migrated.charge(id(2), CHANNEL, 10, 500, 2000, null, 2);
        }
        try (PaymentLedger reopened = PaymentLedger.open(old)) {
          assertThat(reopened.account(CHANNEL).get().charged).isEqualTo(2000);
        }
      }
      TestDirs.deleteRecursively(old);
    }
    ledger = PaymentLedger.open(dir);
  }

  @Test
  void aLedgerFromANewerNodeIsRefused() throws Exception {
    ledger.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> PaymentLedger.open(dir)).hasMessageContaining("version 99");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 2");
    }
    ledger = PaymentLedger.open(dir);
  }
}
