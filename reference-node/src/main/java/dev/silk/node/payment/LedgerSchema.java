package dev.silk.node.payment;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The ledger's tables and the money rules they enforce (see {@link PaymentLedger}), versioned
 * with SQLite's {@code user_version}. Version 1 (the first release's ledger, which kept only the
 * newest state and no rules) is migrated in place, and so is version 2 (which did not keep that a
 * channel is closing); a newer file is refused.
 */
final class LedgerSchema {
  static final int VERSION = 3;

  private LedgerSchema() {}

  static void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      int version = userVersion(s);
      boolean legacy = version == 0 && hasColumn(s, "channel", "last_seqno");
      if (version > VERSION) {
        throw new SQLException("ledger.sqlite has schema version " + version + ", newer than this node's "
            + VERSION + ": run the node version that wrote it");
      }
      if (version == VERSION) {
        return;
      }
      if (version == 2) {
        s.execute("ALTER TABLE channel ADD COLUMN closing INTEGER NOT NULL DEFAULT 0 CHECK (closing IN (0, 1))");
        s.execute("DROP TRIGGER channel_forward");
        createForwardRule(s);
        s.execute("PRAGMA user_version = " + VERSION);
        return;
      }
      if (legacy) {
        s.execute("ALTER TABLE channel RENAME TO channel_v1");
        s.execute("ALTER TABLE charge RENAME TO charge_v1");
      }
      create(s);
      if (legacy) {
        migrateFromVersion1(s);
      }
      createRules(s);
      s.execute("PRAGMA user_version = " + VERSION);
    }
  }

  private static void create(Statement s) throws SQLException {
    s.execute("CREATE TABLE channel (address TEXT PRIMARY KEY,"
        + " held_seqno INTEGER NOT NULL CHECK (held_seqno >= 0),"
        + " held_sent INTEGER NOT NULL CHECK (held_sent >= 0),"
        + " held_signature BLOB,"
        + " charged INTEGER NOT NULL CHECK (charged >= 0),"
        + " closing INTEGER NOT NULL DEFAULT 0 CHECK (closing IN (0, 1)),"
        + " CHECK (charged <= held_sent))");
    s.execute("CREATE TABLE payment_state (address TEXT NOT NULL, seqno INTEGER NOT NULL CHECK (seqno > 0),"
        + " sent INTEGER NOT NULL CHECK (sent >= 0), signature BLOB NOT NULL, accepted_at_ms INTEGER NOT NULL,"
        + " PRIMARY KEY (address, seqno)) WITHOUT ROWID");
    s.execute("CREATE TABLE charge (request_id BLOB PRIMARY KEY, address TEXT NOT NULL, seqno INTEGER NOT NULL,"
        + " cost INTEGER NOT NULL CHECK (cost >= 0), cumulative INTEGER NOT NULL CHECK (cumulative >= cost),"
        + " receipt BLOB, at_ms INTEGER NOT NULL)");
    s.execute("CREATE INDEX charge_by_channel ON charge (address, seqno)");
  }

  /** The rules, created once the tables hold what a migration copied (older charges name states not kept). */
  private static void createRules(Statement s) throws SQLException {
    s.execute("CREATE TRIGGER charge_names_accepted_state BEFORE INSERT ON charge"
        + " WHEN NOT EXISTS (SELECT 1 FROM payment_state WHERE address = NEW.address AND seqno = NEW.seqno)"
        + " BEGIN SELECT RAISE(ABORT, 'a charge names a payment state the channel never accepted'); END");
    // Amounts never decrease as seqnos grow: an older state with more money is worth nothing on
    // chain (the contract settles on the highest seqno), so it must never be accepted.
    // The rows are in order already, so the nearest neighbours decide (two index lookups).
    s.execute("CREATE TRIGGER payment_state_order BEFORE INSERT ON payment_state"
        + " WHEN (SELECT sent FROM payment_state WHERE address = NEW.address AND seqno < NEW.seqno"
        + " ORDER BY seqno DESC LIMIT 1) > NEW.sent"
        + " OR (SELECT sent FROM payment_state WHERE address = NEW.address AND seqno > NEW.seqno"
        + " ORDER BY seqno LIMIT 1) < NEW.sent"
        + " BEGIN SELECT RAISE(ABORT, 'payment amounts must not decrease as seqnos grow'); END");
    createForwardRule(s);
  }

  private static void createForwardRule(Statement s) throws SQLException {
    s.execute("CREATE TRIGGER channel_forward BEFORE UPDATE ON channel"
        + " WHEN NEW.held_seqno < OLD.held_seqno OR NEW.held_sent < OLD.held_sent OR NEW.charged < OLD.charged"
        + " OR NEW.closing < OLD.closing"
        + " BEGIN SELECT RAISE(ABORT, 'a channel''s held state, charged total and closing only move forward');"
        + " END");
  }

  private static void migrateFromVersion1(Statement s) throws SQLException {
    try (ResultSet broken = s.executeQuery("SELECT address, charged, last_sent FROM channel_v1"
        + " WHERE charged > last_sent LIMIT 1")) {
      if (broken.next()) {
        throw new SQLException("ledger.sqlite: channel " + broken.getString(1) + " has charged "
            + broken.getLong(2) + " nanoTON, more than its newest signed state (" + broken.getLong(3)
            + "), which an earlier node version allowed; settle that channel and move the file aside");
      }
    }
    s.execute("INSERT INTO channel (address, held_seqno, held_sent, held_signature, charged)"
        + " SELECT address, last_seqno, last_sent, last_signature, charged FROM channel_v1");
    s.execute("INSERT INTO payment_state (address, seqno, sent, signature, accepted_at_ms)"
        + " SELECT address, last_seqno, last_sent, last_signature, 0 FROM channel_v1"
        + " WHERE last_seqno > 0 AND last_signature IS NOT NULL");
    // Older charges name states that version 1 did not keep: they are history, copied as they are.
    s.execute("INSERT INTO charge SELECT request_id, address, seqno, cost, cumulative, receipt, at_ms FROM charge_v1");
    s.execute("DROP TABLE channel_v1");
    s.execute("DROP TABLE charge_v1");
  }

  private static int userVersion(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (r.next()) {
        if (column.equals(r.getString("name"))) {
          return true;
        }
      }
      return false;
    }
  }
}
