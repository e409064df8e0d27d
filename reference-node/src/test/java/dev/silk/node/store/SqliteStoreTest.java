package dev.silk.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.node.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A store that fails is not wedged: it turns unhealthy, refuses work during a short back-off,
 * then opens the file again and works. A full file is made with SQLite's own page limit, which
 * is set per connection, so the reopened connection has room again ("space came back").
 */
class SqliteStoreTest {
  @Test
  void aFailedStoreReopensAndWorksAgain() throws Exception {
    Path dir = Files.createTempDirectory("silk-store");
    try (SqliteStore store = SqliteStore.open(dir.resolve("t.sqlite"), "NORMAL", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB)");
      }
    })) {
      insert(store, 1, 10);
      assertThatThrownBy(() -> insert(store, 1, 10)).as("a duplicate key is an answer")
          .matches(e -> SqliteStore.isConstraint((SQLException) e));
      assertThat(store.healthy()).isTrue();

      // The file may not grow: the next big row fails as on a full disk.
      assertThatThrownBy(() -> store.transaction(tx -> {
        try (Statement s = tx.connection().createStatement()) {
          s.execute("PRAGMA max_page_count = 1");
        }
        PreparedStatement p = tx.prepare("INSERT INTO t VALUES (2, ?)");
        p.setBytes(1, new byte[1 << 20]);
        return p.executeUpdate();
      })).isInstanceOf(SQLException.class).matches(e -> !SqliteStore.isConstraint((SQLException) e));
      assertThat(store.healthy()).isFalse();
      assertThat(store.available()).as("within the back-off").isFalse();
      assertThatThrownBy(() -> insert(store, 3, 10)).hasMessageContaining("reopening");

      Thread.sleep(SqliteStore.REOPEN_BACKOFF.toMillis() + 50);
      assertThat(store.available()).isTrue();
      insert(store, 4, 1 << 20);
      assertThat(store.healthy()).isTrue();
      int rows = store.transaction(tx -> {
        try (java.sql.ResultSet r = tx.prepare("SELECT COUNT(*) FROM t").executeQuery()) {
          r.next();
          return r.getInt(1);
        }
      });
      assertThat(rows).as("rows 1 and 4; the failed row was never written").isEqualTo(2);
    } finally {
      TestDirs.deleteRecursively(dir);
    }
  }

  private static void insert(SqliteStore store, int key, int size) throws SQLException {
    store.transaction(tx -> {
      PreparedStatement p = tx.prepare("INSERT INTO t VALUES (?, ?)");
      p.setInt(1, key);
      p.setBytes(2, new byte[size]);
      return p.executeUpdate();
    });
  }
}
