package dev.silk.node.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a node's shared state lives when its replicas share it: a PostgreSQL database. Immutable;
 * the password never appears in {@link #toString()}.
 *
 * <pre>{@code
 * Database db = Database.postgres("jdbc:postgresql://10.0.0.5:5432/silk", "silk", System.getenv("SILK_DATABASE_PASSWORD"));
 * }</pre>
 */
public final class Database {
  /** Connections per node replica, unless set: enough for a 2–8 core machine's request threads. */
  public static final int DEFAULT_POOL_SIZE = 8;
  /** How long a request waits for a connection before it is refused with a signed 503. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final int poolSize;
  private final Duration connectionTimeout;

  private Database(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("database URL must start with jdbc:postgresql:// (got a "
          + (jdbcUrl.indexOf(':') > 0 ? jdbcUrl.substring(0, jdbcUrl.indexOf(':')) : "bare") + " URL)");
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("database pool size must be 1..1000, got " + poolSize);
    }
    if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
      throw new IllegalArgumentException("database connection timeout must be at least 250 ms");
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.poolSize = poolSize;
    this.connectionTimeout = connectionTimeout;
  }

  /**
   * A PostgreSQL database.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
   * @param user the role, or null to take it from the URL
   * @param password its password, or null (trust or certificate authentication, or in the URL)
   */
  public static Database postgres(String jdbcUrl, String user, String password) {
    return new Database(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password, DEFAULT_POOL_SIZE,
        DEFAULT_CONNECTION_TIMEOUT);
  }

  /** One connection outside any pool (a command that reads once); the caller closes it. */
  public java.sql.Connection connect() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** The same database with at most {@code size} connections from this replica. */
  public Database withPoolSize(int size) {
    return new Database(jdbcUrl, user, password, size, connectionTimeout);
  }

  /** The same database, a request waiting at most {@code timeout} for a connection. */
  public Database withConnectionTimeout(Duration timeout) {
    return new Database(jdbcUrl, user, password, poolSize, Objects.requireNonNull(timeout, "timeout"));
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  public int poolSize() {
    return poolSize;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  @Override
  public String toString() {
    // The URL may carry a password parameter: only scheme, host and database are shown.
    String shown = jdbcUrl.indexOf('?') < 0 ? jdbcUrl : jdbcUrl.substring(0, jdbcUrl.indexOf('?'));
    return shown + (user == null ? "" : " as " + user) + ", pool " + poolSize;
  }
}
