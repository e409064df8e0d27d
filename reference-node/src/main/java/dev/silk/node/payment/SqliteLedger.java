package dev.silk.node.payment;

import dev.silk.node.store.SqliteStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The payment ledger in the node's own SQLite file, {@code ledger.sqlite} in WAL mode. A state is recorded before its request is
 * served, in the write-ahead log (it survives a killed process); a charge is synced before its
 * answer leaves (it survives a power cut), and its sync covers every state recorded before it.
 * Concurrent writes share one commit (group commit) on a dedicated thread. The money rules are a
 * {@code CHECK}, the primary keys and triggers ({@link LedgerSchema}). Thread-safe.
 */
final class SqliteLedger extends PaymentLedger {
  private final SqliteStore store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread committer;

  private SqliteLedger(SqliteStore store) {
    super(store);
    this.store = store;
    this.committer = new Thread(this::commitLoop, "silk-ledger-commit");
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Opens (or creates) {@code ledger.sqlite} in {@code dataDir}, migrating a ledger written by an
   * earlier version.
   *
   * @throws SQLException if it cannot be opened, or an old ledger breaks the money rules (it says
   *     which channel)
   */
  static SqliteLedger openIn(Path dataDir) throws SQLException {
    return new SqliteLedger(SqliteStore.open(dataDir.resolve("ledger.sqlite"), "FULL", LedgerSchema::prepare));
  }

  @Override
  <T> T locked(ChannelAccount account, Locked<T> work) throws SQLException {
    // One process keeps the books: its memory is the account, and the monitor is the lock.
    synchronized (account) {
      return work.run(entries);
    }
  }

  /** Reservations live in the node's memory only: a restart ends every request in flight. */
  private final Entries entries = new Entries() {
    @Override
    public void accept(String channel, long seqno, long sent, byte[] signature, long atMs) throws SQLException {
      SqliteLedger.this.accept(channel, seqno, sent, signature, atMs);
    }

    @Override
    public void reserve(byte[] requestId, String channel, long maxCost) {}

    @Override
    public void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative, byte[] receipt,
        long atMs) throws SQLException {
      SqliteLedger.this.charge(requestId, channel, seqno, cost, cumulative, receipt, atMs);
    }

    @Override
    public void release(byte[] requestId) {}

    @Override
    public void closing(String channel) throws SQLException {
      submit(tx -> {
        PreparedStatement p = tx.prepare("INSERT INTO channel (address, held_seqno, held_sent, charged, closing)"
            + " VALUES (?, 0, 0, 0, 1) ON CONFLICT(address) DO UPDATE SET closing = 1");
        p.setString(1, channel);
        p.executeUpdate();
      }, true);
    }
  };

  @Override
  void stopPayments(String channel) throws SQLException {
    entries.closing(channel);
  }

  @Override
  void releaseLater(byte[] requestId) {
    // reservations live in memory, and the desk has ended it there
  }

  @Override
  int purgeExpired() {
    return 0; // reservations live in memory: a restart ended them
  }

  @Override
  boolean exclusively(Runnable pass) {
    pass.run(); // one process owns the file
    return true;
  }

  @Override
  boolean isConstraint(SQLException e) {
    return SqliteStore.isConstraint(e);
  }

  @Override
  boolean isUnavailable(SQLException e) {
    return !SqliteStore.isConstraint(e);
  }

  @Override
  <T> T query(String sql, Query<T> query) throws SQLException {
    return store.transaction(tx -> query.run(tx.prepare(sql)));
  }

  @Override
  String table(String name) {
    return name;
  }

  /** The SQLite settings in force, for the test that asserts durability: journal mode and synchronous level. */
  @Override
  public String durability() throws SQLException {
    return store.transaction(tx -> {
      try (ResultSet jr = tx.prepare("PRAGMA journal_mode").executeQuery()) {
        String journal = jr.next() ? jr.getString(1) : "?";
        try (ResultSet yr = tx.prepare("PRAGMA synchronous").executeQuery()) {
          return journal + "/" + (yr.next() ? yr.getInt(1) : -1);
        }
      }
    });
  }

  @Override
  public void accept(String channel, long seqno, long sent, byte[] signature, long atMs) throws SQLException {
    submit(tx -> {
      PreparedStatement state = tx.prepare("INSERT INTO payment_state (address, seqno, sent, signature,"
          + " accepted_at_ms) VALUES (?, ?, ?, ?, ?)");
      state.setString(1, channel);
      state.setLong(2, seqno);
      state.setLong(3, sent);
      state.setBytes(4, signature);
      state.setLong(5, atMs);
      state.executeUpdate();
      PreparedStatement held = tx.prepare("INSERT INTO channel (address, held_seqno, held_sent, held_signature,"
          + " charged) VALUES (?, ?, ?, ?, 0) ON CONFLICT(address) DO UPDATE SET held_seqno = excluded.held_seqno,"
          + " held_sent = excluded.held_sent, held_signature = excluded.held_signature"
          + " WHERE excluded.held_seqno > channel.held_seqno");
      held.setString(1, channel);
      held.setLong(2, seqno);
      held.setLong(3, sent);
      held.setBytes(4, signature);
      held.executeUpdate();
    }, false);
  }

  @Override
  public void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative, byte[] receipt,
      long atMs) throws SQLException {
    long before = Math.subtractExact(cumulative, cost);
    submit(tx -> {
      PreparedStatement total = tx.prepare("UPDATE channel SET charged = ? WHERE address = ? AND charged = ?");
      total.setLong(1, cumulative);
      total.setString(2, channel);
      total.setLong(3, before);
      if (total.executeUpdate() != 1) {
        throw new ConflictException("the recorded charged total is not " + before);
      }
      PreparedStatement row = tx.prepare("INSERT INTO charge (request_id, address, seqno, cost, cumulative,"
          + " receipt, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
      row.setBytes(1, requestId);
      row.setString(2, channel);
      row.setLong(3, seqno);
      row.setLong(4, cost);
      row.setLong(5, cumulative);
      row.setBytes(6, receipt);
      row.setLong(7, atMs);
      row.executeUpdate();
    }, true);
  }

  /** One write waiting for the next group commit. */
  private static final class Pending {
    final SqliteStore.Work<Void> write;
    /** Whether its commit must be synced (a charge), or may stay in the write-ahead log (a state). */
    final boolean synced;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Pending(SqliteStore.Work<Void> write, boolean synced) {
      this.write = write;
      this.synced = synced;
    }
  }

  private interface Write {
    void apply(SqliteStore.Transaction tx) throws SQLException;
  }

  private void submit(Write write, boolean synced) throws SQLException {
    Pending p = new Pending(tx -> {
      write.apply(tx);
      return null;
    }, synced);
    queue.add(p);
    try {
      p.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the ledger");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SQLException ? (SQLException) e.getCause() : new SQLException(e.getCause());
    }
  }

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch);
      try {
        boolean synced = batch.stream().anyMatch(p -> p.synced);
        store.transaction(tx -> {
          tx.synchronous(synced ? "FULL" : "NORMAL");
          for (Pending p : batch) {
            p.write.run(tx);
          }
          return null;
        });
        batch.forEach(p -> p.done.complete(null));
      } catch (SQLException batchFailed) {
        // Isolate the failing write: every other one of the batch is still recorded.
        for (Pending p : batch) {
          try {
            store.transaction(tx -> {
              tx.synchronous(p.synced ? "FULL" : "NORMAL");
              return p.write.run(tx);
            });
            p.done.complete(null);
          } catch (SQLException e) {
            p.done.completeExceptionally(e);
          }
        }
      }
      batch.clear();
    }
  }

  @Override
  public void close() {
    committer.interrupt();
    try {
      committer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    super.close();
  }
}
