package dev.silk.node.replay;

import dev.silk.node.store.Store;
import java.sql.SQLException;

/**
 * Where a node remembers the requests it accepted (the storage SPI of the replay cache): the
 * embedded SQLite file of one node, or a PostgreSQL database its replicas share. Implementations
 * are thread-safe, and an answer of {@link #record} is final for every replica that shares the
 * store. Health and closing are the underlying {@link Store}'s.
 */
abstract class ReplayStore implements AutoCloseable {
  private final Store store;

  ReplayStore(Store store) {
    this.store = store;
  }

  /**
   * Records a request's id and encapsulated key at once, durably; false, with nothing recorded,
   * if either is there already.
   *
   * @throws SQLException if the store fails (the request must then be refused)
   */
  abstract boolean record(byte[] requestId, byte[] enc, long atMs) throws SQLException;

  /** Forgets entries recorded before {@code cutoffMs}. */
  abstract void purgeBefore(long cutoffMs) throws SQLException;

  /** Whether the store works (readiness). */
  final boolean healthy() {
    return store.healthy();
  }

  /** Whether a request may try the store now (healthy, or due for a retry after a failure). */
  final boolean available() {
    return store.available();
  }

  @Override
  public final void close() {
    store.close();
  }
}
