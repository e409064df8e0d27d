package dev.silk.node.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.RequestId;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replay contract on a real PostgreSQL (a throwaway cluster from Debian's binaries), plus
 * what only a shared store must do: replicas racing with one envelope, a database that goes away
 * and comes back, a schema newer than the node.
 */
class PostgresReplayGuardTest extends ReplayGuardContract {
  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();
  private Database database;

  @BeforeEach
  void newDatabase() throws Exception {
    database = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofMillis(500));
  }

  @Override
  ReplayGuard open() throws Exception {
    return ReplayGuard.open(database, Duration.ofMinutes(5));
  }

  @Test
  void replicasRacingWithTheSameEnvelopesAcceptEachExactlyOnce() throws Exception {
    try (ReplayGuard replicaA = open(); ReplayGuard replicaB = open()) {
      assertRacingCopiesAcceptedOnce(replicaA, replicaB);
    }
  }

  @Test
  void aDatabaseThatGoesAwayIsReportedAndUsedAgainOnceBack() throws Exception {
    Instant now = Instant.now();
    try (ReplayGuard guard = open()) {
      assertThat(guard.firstSeen(RequestId.random(), new byte[] {1}, now)).isTrue();
      assertThat(guard.healthy()).isTrue();
      POSTGRES.cluster().stop();
      try {
        assertThatThrownBy(() -> guard.firstSeen(RequestId.random(), new byte[] {2}, now))
            .isInstanceOf(SQLException.class);
        assertThat(guard.healthy()).as("readiness while the database is down").isFalse();
      } finally {
        POSTGRES.cluster().start();
      }
      RequestId after = RequestId.random();
      boolean recorded = false;
      for (int attempt = 0; attempt < 100 && !recorded; attempt++) {
        try {
          recorded = guard.firstSeen(after, new byte[] {3}, now);
        } catch (SQLException stillReconnecting) {
          Thread.sleep(100);
        }
      }
      assertThat(recorded).as("used again, by itself, once the database is back").isTrue();
      assertThat(guard.healthy()).isTrue();
      assertThat(guard.firstSeen(after, new byte[] {4}, now)).as("what was recorded before stays").isFalse();
    }
  }

  @Test
  void aSchemaNewerThanTheNodeIsRefusedAtStart() throws Exception {
    open().close(); // creates version 1
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), null);
        Statement s = c.createStatement()) {
      s.execute("UPDATE silk_schema SET version = 2 WHERE component = 'replay'");
    }
    assertThatThrownBy(this::open).isInstanceOf(SQLException.class)
        .hasMessageContaining("replay schema is version 2, newer than this node's 1");
  }

  @Test
  void replicasStartingTogetherMigrateOnce() throws Exception {
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<ReplayGuard>> started = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        started.add(threads.submit(this::open));
      }
      for (java.util.concurrent.Future<ReplayGuard> f : started) {
        f.get().close();
      }
    } finally {
      threads.shutdownNow();
    }
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), null);
        Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT version FROM silk_schema WHERE component = 'replay'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }
}
