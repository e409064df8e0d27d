package dev.silk.node.replay;

import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The replay cache in a PostgreSQL database shared by a node's replicas: a request accepted by
 * one replica is refused by every other. Both inserts run in one statement (one round trip) under
 * the primary keys' uniqueness, which makes two replicas racing with the same envelope wait for
 * each other's outcome; the commit is the second and last round trip. Thread-safe.
 */
final class PostgresReplayStore extends ReplayStore {
  /** Migrations of the {@code replay} component; append only. */
  static final List<String> MIGRATIONS = Arrays.asList(
      "CREATE TABLE silk_seen_request (request_id bytea PRIMARY KEY, seen_at_ms bigint NOT NULL);"
          + " CREATE TABLE silk_seen_enc (enc bytea PRIMARY KEY, seen_at_ms bigint NOT NULL);"
          + " CREATE INDEX silk_seen_request_at ON silk_seen_request (seen_at_ms);"
          + " CREATE INDEX silk_seen_enc_at ON silk_seen_enc (seen_at_ms)");

  private static final String RECORD = "WITH id AS (INSERT INTO silk_seen_request (request_id, seen_at_ms)"
      + " VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1),"
      + " k AS (INSERT INTO silk_seen_enc (enc, seen_at_ms) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM id)"
      + " ON CONFLICT DO NOTHING RETURNING 1)"
      + " SELECT EXISTS (SELECT 1 FROM k)";

  private final PostgresStore store;

  private PostgresReplayStore(PostgresStore store) {
    super(store);
    this.store = store;
  }

  static PostgresReplayStore open(Database database) throws SQLException {
    return new PostgresReplayStore(PostgresStore.open(database, "replay", MIGRATIONS));
  }

  @Override
  boolean record(byte[] requestId, byte[] enc, long atMs) throws SQLException {
    return store.transaction(c -> {
      boolean fresh;
      try (PreparedStatement p = c.prepareStatement(RECORD)) {
        p.setBytes(1, requestId);
        p.setLong(2, atMs);
        p.setBytes(3, enc);
        p.setLong(4, atMs);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          fresh = r.getBoolean(1);
        }
      }
      if (!fresh) {
        // The id may have gone in while the key was seen: nothing of a refused request stays.
        c.rollback();
      }
      return fresh;
    });
  }

  @Override
  void purgeBefore(long cutoffMs) throws SQLException {
    store.transaction(c -> {
      for (String table : new String[] {"silk_seen_request", "silk_seen_enc"}) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE seen_at_ms < ?")) {
          p.setLong(1, cutoffMs);
          p.executeUpdate();
        }
      }
      return null;
    });
  }
}
