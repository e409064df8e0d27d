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
 * embedded H2 database in the node's data directory, so that a replayed envelope is refused
 * even after a restart. Writes are committed before the request is served (WRITE_DELAY=0).
 * Thread-safe. The payment ledger extends this database.
 */
public final class ReplayGuard implements AutoCloseable {
  private final Connection connection;
  private final Duration window;
  private Instant lastPurge = Instant.EPOCH;

  private ReplayGuard(Connection connection, Duration window) {
    this.connection = connection;
    this.window = window;
  }

  public static ReplayGuard open(Path dataDir, Duration window) throws SQLException {
    Connection c = DriverManager.getConnection(
        "jdbc:h2:file:" + dataDir.resolve("node").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS seen_request (request_id BINARY(16) PRIMARY KEY, seen_at_ms BIGINT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS seen_enc (enc VARBINARY(1200) PRIMARY KEY, seen_at_ms BIGINT NOT NULL)");
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
    try (PreparedStatement id = connection.prepareStatement(
            "INSERT INTO seen_request (request_id, seen_at_ms) VALUES (?, ?)");
        PreparedStatement key = connection.prepareStatement("INSERT INTO seen_enc (enc, seen_at_ms) VALUES (?, ?)")) {
      id.setBytes(1, requestId.toBytes());
      id.setLong(2, now.toEpochMilli());
      id.executeUpdate();
      key.setBytes(1, enc);
      key.setLong(2, now.toEpochMilli());
      key.executeUpdate();
      connection.commit();
      return true;
    } catch (SQLException e) {
      connection.rollback();
      if ("23505".equals(e.getSQLState())) { // unique constraint: seen before
        return false;
      }
      throw e;
    }
  }

  /** Entries older than the window can go: requests that old are refused by their timestamp. */
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
    connection.close();
  }
}
