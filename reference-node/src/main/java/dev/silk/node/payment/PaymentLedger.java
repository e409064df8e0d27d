package dev.silk.node.payment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The node's payment ledger: per channel the last accepted state and the cumulative charge, and
 * one row per charged request with its signed receipt. SQLite in WAL mode with
 * {@code synchronous=FULL}: a commit returns only once it would survive a power cut, and a
 * charge is committed before its answer leaves the node. Thread-safe.
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

  private PaymentLedger(Connection connection) {
    this.connection = connection;
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

  /**
   * Records an accepted state and its charge (and the receipt, when one was made) in one
   * synced transaction.
   *
   * @param receipt the signed receipt, or null when none reached the client (a cancelled stream)
   */
  public synchronized void charge(byte[] requestId, String channel, long seqno, long sent, byte[] signature,
      long cost, long cumulative, byte[] receipt, long atMs) throws SQLException {
    try (PreparedStatement up = connection.prepareStatement(
        "INSERT INTO channel (address, last_seqno, last_sent, last_signature, charged) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT(address) DO UPDATE SET last_seqno = MAX(last_seqno, excluded.last_seqno),"
            + " last_sent = MAX(last_sent, excluded.last_sent),"
            + " last_signature = CASE WHEN excluded.last_seqno >= last_seqno THEN excluded.last_signature"
            + " ELSE last_signature END, charged = excluded.charged");
        PreparedStatement row = connection.prepareStatement(
            "INSERT INTO charge (request_id, address, seqno, cost, cumulative, receipt, at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      up.setString(1, channel);
      up.setLong(2, seqno);
      up.setLong(3, sent);
      up.setBytes(4, signature);
      up.setLong(5, cumulative);
      up.executeUpdate();
      row.setBytes(1, requestId);
      row.setString(2, channel);
      row.setLong(3, seqno);
      row.setLong(4, cost);
      row.setLong(5, cumulative);
      row.setBytes(6, receipt);
      row.setLong(7, atMs);
      row.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
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
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
