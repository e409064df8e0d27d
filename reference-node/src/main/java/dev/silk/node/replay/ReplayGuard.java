package dev.silk.node.replay;

import dev.silk.crypto.RequestId;
import dev.silk.node.store.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers every accepted request id and HPKE encapsulated key for the replay window, so that a
 * replayed envelope is refused even after a restart: in the node's own SQLite file, or in a
 * PostgreSQL database shared by the node's replicas, where a request accepted by one replica is
 * refused by all. Each request is recorded before it is served. A failed store (a full disk, an
 * unreachable database) is tried again once it works. Thread-safe.
 */
public final class ReplayGuard implements AutoCloseable {
  private final ReplayStore store;
  private final Duration window;
  private Instant lastPurge = Instant.EPOCH;

  private ReplayGuard(ReplayStore store, Duration window) {
    this.store = store;
    this.window = window;
  }

  /** A node's replay guard: in {@code database}, shared with its replicas, if given, else in {@code dataDir}. */
  public static ReplayGuard forNode(Path dataDir, Database database, Duration window) throws SQLException {
    return database == null ? open(dataDir, window) : open(database, window);
  }

  /** The replay cache of one node, in {@code node.sqlite} in its data directory. */
  public static ReplayGuard open(Path dataDir, Duration window) throws SQLException {
    return new ReplayGuard(SqliteReplayStore.open(dataDir), window);
  }

  /**
   * The replay cache shared by a node's replicas, in PostgreSQL (schema created or migrated now).
   *
   * @throws SQLException if the database is unreachable or newer than this node
   */
  public static ReplayGuard open(Database database, Duration window) throws SQLException {
    return new ReplayGuard(PostgresReplayStore.open(database), window);
  }

  /**
   * Records the request; returns false if its id or encapsulated key was seen before. A refused
   * request leaves nothing behind.
   *
   * @throws SQLException if the store fails (the request must then be refused)
   */
  public boolean firstSeen(RequestId requestId, byte[] enc, Instant now) throws SQLException {
    purgeIfDue(now);
    return store.record(requestId.toBytes(), enc, now.toEpochMilli());
  }

  /** Whether the store works (readiness). */
  public boolean healthy() {
    return store.healthy();
  }

  /** Whether a request may be tried now (healthy, or due for a retry after a failure). */
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
    store.purgeBefore(now.minus(window).minus(window).toEpochMilli());
  }

  @Override
  public void close() {
    store.close();
  }
}
