package dev.silk.node.payment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The node's payment ledger: per channel the last accepted state and the cumulative charge, and
 * one row per charged request with its signed receipt. SQLite in WAL mode with
 * {@code synchronous=FULL}: a commit returns only once it would survive a power cut, and a
 * charge is committed before its answer leaves the node. Concurrent charges share one commit
 * (group commit) on a dedicated thread. Thread-safe.
 */
public final class PaymentLedger implements AutoCloseable {
  /** One channel's account. */
  public static final class Account {
    public final String channel;
    public final long lastSeqno;
    public final long lastSent;
    public final long charged;

    Account(String channel, long lastSeqno, long lastSent, long charged) {
      this.channel = channel;
      this.lastSeqno = lastSeqno;
      this.lastSent = lastSent;
      this.charged = charged;
    }
  }

  private final Connection connection;
  private final PreparedStatement upsertChannel;
  private final PreparedStatement insertCharge;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread committer;

  private PaymentLedger(Connection connection) throws SQLException {
    this.connection = connection;
    this.upsertChannel = connection.prepareStatement(
        "INSERT INTO channel (address, last_seqno, last_sent, last_signature, charged) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT(address) DO UPDATE SET last_seqno = MAX(last_seqno, excluded.last_seqno),"
            + " last_sent = CASE WHEN excluded.last_seqno >= last_seqno THEN excluded.last_sent ELSE last_sent END,"
            + " last_signature = CASE WHEN excluded.last_seqno >= last_seqno THEN excluded.last_signature"
            + " ELSE last_signature END, charged = MAX(charged, excluded.charged)");
    this.insertCharge = connection.prepareStatement(
        "INSERT INTO charge (request_id, address, seqno, cost, cumulative, receipt, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.committer = new Thread(this::commitLoop, "silk-ledger-commit");
    committer.setDaemon(true);
    committer.start();
  }

  public static PaymentLedger open(Path dataDir) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("ledger.sqlite").toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("CREATE TABLE IF NOT EXISTS channel (address TEXT PRIMARY KEY, last_seqno INTEGER NOT NULL,"
          + " last_sent INTEGER NOT NULL, last_signature BLOB, charged INTEGER NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS charge (request_id BLOB PRIMARY KEY, address TEXT NOT NULL,"
          + " seqno INTEGER NOT NULL, cost INTEGER NOT NULL, cumulative INTEGER NOT NULL, receipt BLOB,"
          + " at_ms INTEGER NOT NULL)");
    }
    c.setAutoCommit(false);
    return new PaymentLedger(c);
  }

  /** The SQLite settings in force, for the test that asserts durability: journal mode and synchronous level. */
  public synchronized String durability() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet j = s.executeQuery("PRAGMA journal_mode")) {
      String journal = j.next() ? j.getString(1) : "?";
      try (ResultSet y = s.executeQuery("PRAGMA synchronous")) {
        return journal + "/" + (y.next() ? y.getInt(1) : -1);
      }
    }
  }

  public synchronized Optional<Account> account(String channel) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT last_seqno, last_sent, charged FROM channel WHERE address = ?")) {
      q.setString(1, channel);
      try (ResultSet r = q.executeQuery()) {
        Optional<Account> a = r.next() ? Optional.of(new Account(channel, r.getLong(1), r.getLong(2), r.getLong(3)))
            : Optional.empty();
        connection.commit();
        return a;
      }
    }
  }

  /** One charge waiting for the next group commit. */
  private static final class Pending {
    final byte[] requestId;
    final String channel;
    final long seqno;
    final long sent;
    final byte[] signature;
    final long cost;
    final long cumulative;
    final byte[] receipt;
    final long atMs;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Pending(byte[] requestId, String channel, long seqno, long sent, byte[] signature, long cost, long cumulative,
        byte[] receipt, long atMs) {
      this.requestId = requestId;
      this.channel = channel;
      this.seqno = seqno;
      this.sent = sent;
      this.signature = signature;
      this.cost = cost;
      this.cumulative = cumulative;
      this.receipt = receipt;
      this.atMs = atMs;
    }
  }

  /**
   * Records an accepted state and its charge (and the receipt, when one was made); returns once
   * the record is synced. Charges arriving together share one transaction and one sync (group
   * commit), so many requests pay one disk flush.
   *
   * @param receipt the signed receipt, or null when none reached the client (a cancelled stream)
   */
  public void charge(byte[] requestId, String channel, long seqno, long sent, byte[] signature, long cost,
      long cumulative, byte[] receipt, long atMs) throws SQLException {
    Pending p = new Pending(requestId, channel, seqno, sent, signature, cost, cumulative, receipt, atMs);
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
      synchronized (this) {
        try {
          for (Pending p : batch) {
            write(p);
          }
          connection.commit();
          batch.forEach(p -> p.done.complete(null));
        } catch (SQLException batchFailed) {
          rollbackQuietly();
          // Isolate the failing row: every other charge of the batch is still recorded.
          for (Pending p : batch) {
            try {
              write(p);
              connection.commit();
              p.done.complete(null);
            } catch (SQLException e) {
              rollbackQuietly();
              p.done.completeExceptionally(e);
            }
          }
        }
      }
      batch.clear();
    }
  }

  private void write(Pending p) throws SQLException {
    upsertChannel.setString(1, p.channel);
    upsertChannel.setLong(2, p.seqno);
    upsertChannel.setLong(3, p.sent);
    upsertChannel.setBytes(4, p.signature);
    upsertChannel.setLong(5, p.cumulative);
    upsertChannel.executeUpdate();
    insertCharge.setBytes(1, p.requestId);
    insertCharge.setString(2, p.channel);
    insertCharge.setLong(3, p.seqno);
    insertCharge.setLong(4, p.cost);
    insertCharge.setLong(5, p.cumulative);
    insertCharge.setBytes(6, p.receipt);
    insertCharge.setLong(7, p.atMs);
    insertCharge.executeUpdate();
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is already unusable; the callers get the original failure
    }
  }

  /** The charged total as of A's state {@code seqno}: what an on-chain commit of that seqno secures. */
  public synchronized long chargedThrough(String channel, long seqno) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT COALESCE(MAX(cumulative), 0) FROM charge WHERE address = ? AND seqno <= ?")) {
      q.setString(1, channel);
      q.setLong(2, seqno);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        long charged = r.getLong(1);
        connection.commit();
        return charged;
      }
    }
  }

  /** The sum of recorded charges of a channel (equals its account's charged total). */
  public synchronized long sumOfCharges(String channel) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("SELECT COALESCE(SUM(cost), 0) FROM charge WHERE address = ?")) {
      q.setString(1, channel);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        long sum = r.getLong(1);
        connection.commit();
        return sum;
      }
    }
  }

  /** The signed receipt recorded for a request, if any. */
  public synchronized Optional<byte[]> receipt(byte[] requestId) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement("SELECT receipt FROM charge WHERE request_id = ?")) {
      q.setBytes(1, requestId);
      try (ResultSet r = q.executeQuery()) {
        Optional<byte[]> found = r.next() ? Optional.ofNullable(r.getBytes(1)) : Optional.empty();
        connection.commit();
        return found;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    committer.interrupt();
    try {
      committer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      upsertChannel.close();
      insertCharge.close();
      connection.close();
    }
  }
}
