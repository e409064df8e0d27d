package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.node.TestDirs;
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
 * The ledger contract on the node's own SQLite file, plus what only that file does: its rules hold
 * in plain SQL too, and ledgers written by earlier versions are migrated (or refused).
 */
class SqlitePaymentLedgerTest extends PaymentLedgerContract {
  private Path dir;
  private PaymentLedger ledger;

  @BeforeEach
  void openLedger() throws Exception {
    dir = Files.createTempDirectory("silk-ledger");
    ledger = PaymentLedger.open(dir);
  }

  @AfterEach
  void closeLedger() throws Exception {
    ledger.close();
    TestDirs.deleteRecursively(dir);
  }

  @Override
  PaymentLedger open() throws Exception {
    return PaymentLedger.open(dir);
  }

  @Override
  PaymentLedger ledger() {
    return ledger;
  }

  @Test
  void plainSqlCannotBreakTheRulesEither() throws Exception {
    ledger.accept(CHANNEL, 3, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 3, 500, 500, null, 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET charged = 1001")).matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET charged = 100")).as("backwards")
          .matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET held_seqno = 2")).matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET held_sent = 900")).matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO payment_state VALUES ('" + CHANNEL + "', 2, 1001, x'00', 0)"))
          .matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO payment_state VALUES ('" + CHANNEL + "', 0, 1, x'00', 0)"))
          .matches(this::constraint);
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
          assertThatThrownBy(() -> migrated.accept(CHANNEL, 9, 2000, SIG, 1)).matches(this::constraint);
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

  /** Version 2 did not keep that a channel is closing: it gains the column, and the rule that it stays. */
  @Test
  void aVersion2LedgerIsMigratedAndClosingCannotBeUndone() throws Exception {
    ledger.accept(CHANNEL, 1, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 1, 400, 400, null, 2);
    ledger.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER channel_forward");
      s.execute("ALTER TABLE channel DROP COLUMN closing");
      s.execute("CREATE TRIGGER channel_forward BEFORE UPDATE ON channel"
          + " WHEN NEW.held_seqno < OLD.held_seqno OR NEW.held_sent < OLD.held_sent OR NEW.charged < OLD.charged"
          + " BEGIN SELECT RAISE(ABORT, 'forward only'); END");
      s.execute("PRAGMA user_version = 2");
    }
    ledger = PaymentLedger.open(dir);
    assertThat(ledger.account(CHANNEL).get().charged).isEqualTo(400);
    assertThat(ledger.closing(CHANNEL)).isFalse();
    ledger.locked(account(ledger), entries -> {
      entries.closing(CHANNEL);
      return null;
    });
    assertThat(ledger.closing(CHANNEL)).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.sqlite"));
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET closing = 0")).matches(this::constraint);
      assertThatThrownBy(() -> s.executeUpdate("UPDATE channel SET charged = 300")).matches(this::constraint);
    }
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
      s.execute("PRAGMA user_version = " + LedgerSchema.VERSION);
    }
    ledger = PaymentLedger.open(dir);
  }
}
