package dev.silk.node.replay;

import dev.silk.crypto.RequestId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers every accepted request id and HPKE encapsulated key for the replay window, in an
 * embedded SQLite database in the node's data directory, so that a replayed envelope is refused
 * even after a restart. Each request is committed before it is served; the write-ahead log with
 * {@code synchronous=NORMAL} keeps commits across a killed process ({@code kill -9}), not across a
 * power cut. Thread-safe. The payment ledger extends this database.
 */
public final class ReplayGuard implements AutoCloseable {
  /** SQLite's result code for a violated constraint (here: a primary key seen before). */
  private static final int SQLITE_CONSTRAINT = 19;

  private final Connection connection;
  private final PreparedStatement insertId;
  private final PreparedStatement insertKey;
  private final Duration window;
  private Instant lastPurge = Instant.EPOCH;

  private ReplayGuard(Connection connection, Duration window) throws SQLException {
    this.connection = connection;
    this.window = window;
    this.insertId = connection.prepareStatement("INSERT INTO seen_request (request_id, seen_at_ms) VALUES (?, ?)");
    this.insertKey = connection.prepareStatement("INSERT INTO seen_enc (enc, seen_at_ms) VALUES (?, ?)");
  }

  public static ReplayGuard open(Path dataDir, Duration window) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("node.sqlite").toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("CREATE TABLE IF NOT EXISTS seen_request (request_id BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL)"
          + " WITHOUT ROWID");
      s.execute("CREATE TABLE IF NOT EXISTS seen_enc (enc BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL) WITHOUT ROWID");
    }
    c.setAutoCommit(false);
    return new ReplayGuard(c, window);
  }

  /**
   * Records the request; returns false if its id or encapsulated key was seen before.
   *
   * @throws SQLException if the database fails (the request must then be refused)
   */
  public synchronized boolean firstSeen(RequestId requestId, byte[] enc, Instant now) throws SQLException {
    purgeIfDue(now);
    try {
      insertId.setBytes(1, requestId.toBytes());
      insertId.setLong(2, now.toEpochMilli());
      insertId.executeUpdate();
      insertKey.setBytes(1, enc);
      insertKey.setLong(2, now.toEpochMilli());
      insertKey.executeUpdate();
      connection.commit();
      return true;
    } catch (SQLException e) {
      connection.rollback();
      if (e.getErrorCode() == SQLITE_CONSTRAINT) {
        return false;
      }
      throw e;
    }
  }

  /** Entries older than two windows can go: requests that old are refused by their timestamp. */
  private void purgeIfDue(Instant now) throws SQLException {
    if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(1)) < 0) {
      return;
    }
    long cutoff = now.minus(window).minus(window).toEpochMilli();
    try (PreparedStatement a = connection.prepareStatement("DELETE FROM seen_request WHERE seen_at_ms < ?");
        PreparedStatement b = connection.prepareStatement("DELETE FROM seen_enc WHERE seen_at_ms < ?")) {
      a.setLong(1, cutoff);
      a.executeUpdate();
      b.setLong(1, cutoff);
      b.executeUpdate();
      connection.commit();
    }
    lastPurge = now;
  }

  @Override
  public synchronized void close() throws SQLException {
    insertId.close();
    insertKey.close();
    connection.close();
  }
}
