package dev.silk.node.replay;

import dev.silk.crypto.RequestId;
import dev.silk.node.store.SqliteStore;
import java.nio.file.Path;
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
 * power cut. A failed database (a full disk) is reopened once it works again. Thread-safe.
 */
public final class ReplayGuard implements AutoCloseable {
  private final SqliteStore store;
  private final Duration window;
  private Instant lastPurge = Instant.EPOCH;

  private ReplayGuard(SqliteStore store, Duration window) {
    this.store = store;
    this.window = window;
  }

  public static ReplayGuard open(Path dataDir, Duration window) throws SQLException {
    return new ReplayGuard(SqliteStore.open(dataDir.resolve("node.sqlite"), "NORMAL", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS seen_request (request_id BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL)"
            + " WITHOUT ROWID");
        s.execute("CREATE TABLE IF NOT EXISTS seen_enc (enc BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL)"
            + " WITHOUT ROWID");
      }
    }), window);
  }

  /**
   * Records the request; returns false if its id or encapsulated key was seen before.
   *
   * @throws SQLException if the database fails (the request must then be refused)
   */
  public boolean firstSeen(RequestId requestId, byte[] enc, Instant now) throws SQLException {
    purgeIfDue(now);
    try {
      return store.transaction(tx -> {
        PreparedStatement id = tx.prepare("INSERT INTO seen_request (request_id, seen_at_ms) VALUES (?, ?)");
        id.setBytes(1, requestId.toBytes());
        id.setLong(2, now.toEpochMilli());
        id.executeUpdate();
        PreparedStatement key = tx.prepare("INSERT INTO seen_enc (enc, seen_at_ms) VALUES (?, ?)");
        key.setBytes(1, enc);
        key.setLong(2, now.toEpochMilli());
        key.executeUpdate();
        return true;
      });
    } catch (SQLException e) {
      if (SqliteStore.isConstraint(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Whether the database works (readiness). */
  public boolean healthy() {
    return store.healthy();
  }

  /** Whether a request may be tried now (healthy, or due for a reopen after a failure). */
  public boolean available() {
    return store.available();
  }

  /** Entries older than two windows can go: requests that old are refused by their timestamp. */
  private void purgeIfDue(Instant now) throws SQLException {
    synchronized (this) {
      if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(1)) < 0) {
        return;
      }
      lastPurge = now;
    }
    long cutoff = now.minus(window).minus(window).toEpochMilli();
    store.transaction(tx -> {
      PreparedStatement a = tx.prepare("DELETE FROM seen_request WHERE seen_at_ms < ?");
      a.setLong(1, cutoff);
      a.executeUpdate();
      PreparedStatement b = tx.prepare("DELETE FROM seen_enc WHERE seen_at_ms < ?");
      b.setLong(1, cutoff);
      return b.executeUpdate();
    });
  }

  @Override
  public void close() {
    store.close();
  }
}
