package dev.silk.node.replay;

import dev.silk.node.store.SqliteStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The replay cache in the node's own SQLite file ({@code node.sqlite}): each request committed
 * before it is served; the write-ahead log with {@code synchronous=NORMAL} keeps commits across a
 * killed process ({@code kill -9}), not across a power cut. Thread-safe.
 */
final class SqliteReplayStore extends ReplayStore {
  private final SqliteStore store;

  private SqliteReplayStore(SqliteStore store) {
    super(store);
    this.store = store;
  }

  static SqliteReplayStore open(Path dataDir) throws SQLException {
    return new SqliteReplayStore(SqliteStore.open(dataDir.resolve("node.sqlite"), "NORMAL", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS seen_request (request_id BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL)"
            + " WITHOUT ROWID");
        s.execute("CREATE TABLE IF NOT EXISTS seen_enc (enc BLOB PRIMARY KEY, seen_at_ms INTEGER NOT NULL)"
            + " WITHOUT ROWID");
      }
    }));
  }

  @Override
  boolean record(byte[] requestId, byte[] enc, long atMs) throws SQLException {
    try {
      return store.transaction(tx -> {
        PreparedStatement id = tx.prepare("INSERT INTO seen_request (request_id, seen_at_ms) VALUES (?, ?)");
        id.setBytes(1, requestId);
        id.setLong(2, atMs);
        id.executeUpdate();
        PreparedStatement key = tx.prepare("INSERT INTO seen_enc (enc, seen_at_ms) VALUES (?, ?)");
        key.setBytes(1, enc);
        key.setLong(2, atMs);
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

  @Override
  void purgeBefore(long cutoffMs) throws SQLException {
    store.transaction(tx -> {
      PreparedStatement a = tx.prepare("DELETE FROM seen_request WHERE seen_at_ms < ?");
      a.setLong(1, cutoffMs);
      a.executeUpdate();
      PreparedStatement b = tx.prepare("DELETE FROM seen_enc WHERE seen_at_ms < ?");
      b.setLong(1, cutoffMs);
      return b.executeUpdate();
    });
  }
}
