package dev.silk.node.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database file of the node, in WAL mode, that survives its own failures: a full
 * disk or an I/O error closes the connection, the store reports itself unhealthy, and the next
 * transaction after a short back-off opens the file again. A constraint violation is an answer
 * (a row seen before, a rule of the schema), not a failure. Thread-safe: one transaction at a
 * time.
 */
public final class SqliteStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger("silk.store");
  /** SQLite's primary result code for a violated constraint (also what a trigger's RAISE(ABORT) gives). */
  private static final int SQLITE_CONSTRAINT = 19;
  static final Duration REOPEN_BACKOFF = Duration.ofMillis(250);

  /** Creates or migrates the schema on a freshly opened connection (autocommit off). */
  public interface Schema {
    void prepare(Connection connection) throws SQLException;
  }

  /** Work done inside one transaction. */
  public interface Work<T> {
    T run(Transaction tx) throws SQLException;
  }

  /**
   * One transaction's view of the connection: statements prepared once per connection and
   * reused (a store runs one transaction at a time, so they are never shared).
   */
  public final class Transaction {
    private Transaction() {}

    /** The prepared statement for {@code sql}, its parameters cleared; do not close it. */
    public PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement p = statements.get(sql);
      if (p == null) {
        p = connection.prepareStatement(sql);
        statements.put(sql, p);
      } else {
        p.clearParameters();
      }
      return p;
    }

    /** The connection, for statements that are not worth keeping (DDL, pragmas). */
    public Connection connection() {
      return connection;
    }

    /**
     * Sets SQLite's {@code synchronous} level for this transaction's commit ({@code FULL}:
     * synced, survives a power cut; {@code NORMAL}: in the write-ahead log, survives a killed
     * process, and is synced by the next {@code FULL} commit, which syncs every frame before it).
     */
    public void synchronous(String level) throws SQLException {
      if (!level.equals(currentSynchronous)) {
        // SQLite changes the level only outside a transaction: call this first in a transaction.
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
          s.execute("PRAGMA synchronous=" + level);
        } finally {
          connection.setAutoCommit(false);
        }
        currentSynchronous = level;
      }
    }
  }

  private final Path file;
  private final String synchronous;
  private final Schema schema;
  private Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Transaction tx = new Transaction();
  private String currentSynchronous;
  private volatile long failedAtNanos;
  private volatile boolean healthy = true;
  private boolean closed;

  private SqliteStore(Path file, String synchronous, Schema schema) {
    this.file = file;
    this.synchronous = synchronous;
    this.schema = schema;
  }

  /**
   * Opens {@code file} (created if absent) and prepares its schema.
   *
   * @param synchronous SQLite's {@code synchronous} level: {@code FULL} for what must survive a
   *     power cut, {@code NORMAL} for what must survive a killed process
   * @throws SQLException if the file cannot be opened or its schema prepared at start
   */
  public static SqliteStore open(Path file, String synchronous, Schema schema) throws SQLException {
    SqliteStore store = new SqliteStore(file.toAbsolutePath(), Objects.requireNonNull(synchronous, "synchronous"),
        Objects.requireNonNull(schema, "schema"));
    synchronized (store) {
      store.connection = store.connect();
    }
    return store;
  }

  /** Whether the last transaction worked (readiness): false from a failure until a reopen succeeds. */
  @Override
  public boolean healthy() {
    return healthy;
  }

  /** Whether a transaction may be tried now: healthy, or the back-off after a failure is over. */
  @Override
  public boolean available() {
    return healthy || System.nanoTime() - failedAtNanos >= REOPEN_BACKOFF.toNanos();
  }

  /**
   * Runs {@code work} in one transaction and commits it.
   *
   * @throws SQLException if it fails; a constraint violation leaves the store healthy, any other
   *     failure closes the connection until the next attempt after the back-off
   */
  public synchronized <T> T transaction(Work<T> work) throws SQLException {
    Connection c = connection();
    try {
      T result = work.run(tx);
      c.commit();
      healthy = true;
      return result;
    } catch (SQLException e) {
      if (isConstraint(e)) {
        rollback(c);
        throw e;
      }
      failed(e);
      throw e;
    } catch (RuntimeException e) {
      failed(new SQLException(e));
      throw e;
    }
  }

  /** Whether {@code e} is a violated constraint (a duplicate key, a CHECK, a trigger's refusal). */
  public static boolean isConstraint(SQLException e) {
    return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("store closed");
    }
    if (connection != null) {
      return connection;
    }
    if (System.nanoTime() - failedAtNanos < REOPEN_BACKOFF.toNanos()) {
      throw new SQLException("store unavailable since a failure; reopening shortly");
    }
    try {
      connection = connect();
      LOG.info("{}: reopened after a failure", file.getFileName());
      return connection;
    } catch (SQLException e) {
      failedAtNanos = System.nanoTime();
      healthy = false;
      throw e;
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=" + synchronous);
      }
      c.setAutoCommit(false);
      schema.prepare(c);
      c.commit();
      currentSynchronous = synchronous;
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private void failed(SQLException e) {
    // The SQLite state code names the failure (full, I/O); its message may quote a statement.
    LOG.error("{}: failed (SQLite code {}); refusing work until it reopens", file.getFileName(), e.getErrorCode());
    healthy = false;
    failedAtNanos = System.nanoTime();
    closeConnection();
  }

  private void closeConnection() {
    statements.clear(); // closed with their connection
    closeQuietly(connection);
    connection = null;
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // nothing was written; the connection is checked again by the next transaction
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // already unusable
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeConnection();
  }
}
