package dev.silk.node.replay;

import java.sql.SQLException;

/**
 * Where a node remembers the requests it accepted (the storage SPI of the replay cache): the
 * embedded SQLite file of one node, or a PostgreSQL database its replicas share. Implementations
 * are thread-safe, and an answer of {@link #record} is final for every replica that shares the
 * store.
 */
interface ReplayStore extends AutoCloseable {
  /**
   * Records a request's id and encapsulated key at once, durably; false, with nothing recorded,
   * if either is there already.
   *
   * @throws SQLException if the store fails (the request must then be refused)
   */
  boolean record(byte[] requestId, byte[] enc, long atMs) throws SQLException;

  /** Forgets entries recorded before {@code cutoffMs}. */
  void purgeBefore(long cutoffMs) throws SQLException;

  /** Whether the store works (readiness). */
  boolean healthy();

  /** Whether a request may try the store now (healthy, or due for a retry after a failure). */
  boolean available();

  @Override
  void close();
}
