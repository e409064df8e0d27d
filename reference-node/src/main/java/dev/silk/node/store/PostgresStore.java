package dev.silk.node.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's state in a PostgreSQL database that its replicas share: a bounded connection pool
 * (HikariCP), the schema created and migrated at start, transactions that report the database's
 * health. Every component (the replay cache, ...) keeps a version in {@code silk_schema}; a
 * replica applies the migrations it knows under an advisory lock, so replicas starting together
 * migrate once, and refuses to start on a database newer than it (a newer replica migrated it).
 * Thread-safe.
 */
public final class PostgresStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger("silk.store");
  /** pg_advisory_xact_lock key for migrations: "silk" in ASCII. */
  private static final long MIGRATION_LOCK = 0x73696c6bL;

  /** SQL state of a commit whose outcome is unknown (SQL:2011's "transaction resolution unknown"). */
  public static final String OUTCOME_UNKNOWN = "08007";

  /** Work done inside one transaction on one connection. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;
  private volatile long failedAtNanos;
  private volatile boolean healthy = true;

  private PostgresStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects (the database must be reachable at start) and brings {@code component}'s schema to
   * the last of {@code migrations}.
   *
   * @param migrations SQL scripts, the first taking version 0 (nothing) to 1; each runs in the
   *     same transaction as the version it records. Never edit a released one: append.
   * @throws SQLException if the database is unreachable, newer than this node, or a migration fails
   */
  public static PostgresStore open(Database database, String component, List<String> migrations) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    if (database.user() != null) {
      config.setUsername(database.user());
    }
    if (database.password() != null) {
      config.setPassword(database.password());
    }
    config.setPoolName("silk-" + component);
    config.setMaximumPoolSize(database.poolSize());
    config.setMinimumIdle(Math.min(2, database.poolSize()));
    config.setConnectionTimeout(database.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1000, database.connectionTimeout().toMillis()));
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // A statement that hangs on a dead server must not hold a request forever (seconds, pgjdbc's unit).
    config.addDataSourceProperty("socketTimeout",
        String.valueOf(Math.max(5, database.connectionTimeout().getSeconds() * 5)));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SQLException("database " + database + " unreachable: " + e.getMessage(), "08001", e);
    }
    PostgresStore store = new PostgresStore(pool);
    try {
      store.migrate(component, migrations);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return store;
  }

  private void migrate(String component, List<String> migrations) throws SQLException {
    transaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        s.execute("CREATE TABLE IF NOT EXISTS silk_schema (component text PRIMARY KEY, version integer NOT NULL)");
      }
      int version = 0;
      try (PreparedStatement q = c.prepareStatement("SELECT version FROM silk_schema WHERE component = ?")) {
        q.setString(1, component);
        try (ResultSet r = q.executeQuery()) {
          if (r.next()) {
            version = r.getInt(1);
          }
        }
      }
      if (version > migrations.size()) {
        throw new SQLException("the database's " + component + " schema is version " + version
            + ", newer than this node's " + migrations.size() + ": upgrade the node (a newer replica migrated it)");
      }
      for (int v = version; v < migrations.size(); v++) {
        try (Statement s = c.createStatement()) {
          s.execute(migrations.get(v));
        }
      }
      if (version < migrations.size()) {
        try (PreparedStatement u = c.prepareStatement("INSERT INTO silk_schema (component, version) VALUES (?, ?)"
            + " ON CONFLICT (component) DO UPDATE SET version = excluded.version")) {
          u.setString(1, component);
          u.setInt(2, migrations.size());
          u.executeUpdate();
        }
        LOG.info("database schema {}: version {} → {}", component, version, migrations.size());
      }
      return null;
    });
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection and commits it; rolls back on any
   * failure. A failure to reach the database marks the store unhealthy until a transaction works.
   *
   * @throws SQLException as thrown by the work, or when no connection came within the timeout;
   *     with SQL state {@link #OUTCOME_UNKNOWN} when the connection failed during the commit (the
   *     work may be recorded)
   */
  public <T> T transaction(Work<T> work) throws SQLException {
    Objects.requireNonNull(work, "work");
    try (Connection c = connection()) {
      T result;
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
      try {
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (isUnreachable(e)) {
          // The server may have committed before the connection failed: the caller must not
          // report the work as undone.
          unreachable(e);
          throw new SQLException("transaction outcome unknown: the connection failed during commit",
              OUTCOME_UNKNOWN, e);
        }
        throw e;
      }
      healthy = true;
      return result;
    } catch (SQLException e) {
      if (isUnreachable(e)) {
        unreachable(e);
      }
      throw e;
    }
  }

  /**
   * A pooled connection. Every connection busy past the timeout is backpressure, not an outage:
   * the caller refuses the request (a signed 503) and the store stays healthy.
   */
  private Connection connection() throws SQLException {
    try {
      return pool.getConnection();
    } catch (java.sql.SQLTransientConnectionException e) {
      com.zaxxer.hikari.HikariPoolMXBean state = pool.getHikariPoolMXBean();
      if (state != null && state.getTotalConnections() > 0 && state.getIdleConnections() == 0) {
        throw new PoolExhaustedException(e);
      }
      throw e;
    }
  }

  /** Every connection of the pool was busy for the whole connection timeout. */
  public static final class PoolExhaustedException extends SQLException {
    private static final long serialVersionUID = 1L;

    PoolExhaustedException(SQLException cause) {
      super("every database connection busy past the timeout", "53300", cause);
    }
  }

  /** Whether the database answers now (readiness): a pooled connection that validates. */
  @Override
  public boolean healthy() {
    if (!healthy && !available()) {
      return false;
    }
    try (Connection c = connection()) {
      healthy = c.isValid(1);
    } catch (PoolExhaustedException busy) {
      return true; // every connection is working: reachable, and busy
    } catch (SQLException e) {
      unreachable(e);
    }
    return healthy;
  }

  /** Whether a request may try the database now: healthy, or the back-off after a failure is over. */
  @Override
  public boolean available() {
    return healthy || System.nanoTime() - failedAtNanos >= SqliteStore.REOPEN_BACKOFF.toNanos();
  }

  /** Whether {@code e} says the database could not be reached (not a refused statement). */
  public static boolean isUnreachable(SQLException e) {
    String state = e.getSQLState();
    // 08: connection exceptions; 57P: the server shutting down; Hikari's timeout carries 08 too, or none.
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  private void unreachable(SQLException e) {
    if (healthy) {
      LOG.error("database unreachable (SQL state {}); refusing work until it answers", e.getSQLState());
    }
    healthy = false;
    failedAtNanos = System.nanoTime();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool drops it
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
