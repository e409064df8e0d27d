package dev.silk.node.payment;

import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The payment ledger in a PostgreSQL database that a node's replicas share. Every decision on a
 * channel runs in one transaction that holds the channel's row lock ({@code SELECT ... FOR
 * UPDATE}) and first reads the account back (held state, window of states, charged total,
 * reservations of every replica, closing), so two replicas given the same payment state decide
 * one after the other on the same books: a state is charged once, and the requests in flight on
 * all replicas together never promise more than the held state covers.
 *
 * <p>A reservation is a row with a lease: a replica that dies with requests in flight leaves
 * them, and they stop counting when the lease ends. The money rules are the tables' {@code
 * CHECK}s, keys and foreign keys, and two PL/pgSQL triggers; the order trigger takes the
 * channel's row lock itself, so the rule holds for writers that skip the ledger's code.
 * Thread-safe.
 */
final class PostgresLedger extends PaymentLedger {
  /** Migrations of the {@code ledger} component; append only. */
  static final List<String> MIGRATIONS = Collections.singletonList(String.join("\n",
      "CREATE TABLE silk_channel (address text PRIMARY KEY,",
      "  held_seqno bigint NOT NULL CHECK (held_seqno >= 0), held_sent bigint NOT NULL CHECK (held_sent >= 0),",
      "  held_signature bytea, charged bigint NOT NULL CHECK (charged >= 0),",
      "  closing boolean NOT NULL DEFAULT false, CHECK (charged <= held_sent));",
      "CREATE TABLE silk_payment_state (address text NOT NULL REFERENCES silk_channel,",
      "  seqno bigint NOT NULL CHECK (seqno > 0), sent bigint NOT NULL CHECK (sent >= 0),",
      "  signature bytea NOT NULL, accepted_at_ms bigint NOT NULL, PRIMARY KEY (address, seqno));",
      "CREATE TABLE silk_charge (request_id bytea PRIMARY KEY, address text NOT NULL, seqno bigint NOT NULL,",
      "  cost bigint NOT NULL CHECK (cost >= 0), cumulative bigint NOT NULL CHECK (cumulative >= cost),",
      "  receipt bytea, at_ms bigint NOT NULL, FOREIGN KEY (address, seqno) REFERENCES silk_payment_state);",
      "CREATE INDEX silk_charge_by_channel ON silk_charge (address, seqno);",
      "CREATE TABLE silk_reservation (request_id bytea PRIMARY KEY, address text NOT NULL REFERENCES silk_channel,",
      "  max_cost bigint NOT NULL CHECK (max_cost >= 0), expires_at_ms bigint NOT NULL);",
      "CREATE INDEX silk_reservation_by_channel ON silk_reservation (address);",
      // Amounts never decrease as seqnos grow: an older state with more money is worth nothing on
      // chain. The channel's row lock orders concurrent inserts, so neighbours decide.
      "CREATE FUNCTION silk_payment_state_order() RETURNS trigger LANGUAGE plpgsql AS $$",
      "BEGIN",
      "  PERFORM 1 FROM silk_channel WHERE address = NEW.address FOR UPDATE;",
      "  IF (SELECT sent FROM silk_payment_state WHERE address = NEW.address AND seqno < NEW.seqno",
      "        ORDER BY seqno DESC LIMIT 1) > NEW.sent",
      "     OR (SELECT sent FROM silk_payment_state WHERE address = NEW.address AND seqno > NEW.seqno",
      "        ORDER BY seqno LIMIT 1) < NEW.sent THEN",
      "    RAISE EXCEPTION 'payment amounts must not decrease as seqnos grow' USING ERRCODE = 'check_violation';",
      "  END IF;",
      "  RETURN NEW;",
      "END $$;",
      "CREATE TRIGGER silk_payment_state_order BEFORE INSERT ON silk_payment_state",
      "  FOR EACH ROW EXECUTE FUNCTION silk_payment_state_order();",
      "CREATE FUNCTION silk_channel_forward() RETURNS trigger LANGUAGE plpgsql AS $$",
      "BEGIN",
      "  IF NEW.held_seqno < OLD.held_seqno OR NEW.held_sent < OLD.held_sent OR NEW.charged < OLD.charged",
      "     OR OLD.closing AND NOT NEW.closing THEN",
      "    RAISE EXCEPTION 'a channel''s held state, charged total and closing only move forward'",
      "      USING ERRCODE = 'check_violation';",
      "  END IF;",
      "  RETURN NEW;",
      "END $$;",
      "CREATE TRIGGER silk_channel_forward BEFORE UPDATE ON silk_channel",
      "  FOR EACH ROW EXECUTE FUNCTION silk_channel_forward();"));

  private static final String LOCK = "SELECT held_seqno, held_sent, charged, closing FROM silk_channel"
      + " WHERE address = ? FOR UPDATE";
  /** The database's clock in milliseconds: one clock for every replica's leases, whatever theirs say. */
  private static final String DATABASE_MILLIS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
  /**
   * The rest of the books, in one round trip once the row is locked (a statement of its own, so
   * that it sees what the replica that held the lock before committed): the states of the window
   * (kind 0), the newest state below it, whose amount is the window's floor (kind 1), and every
   * replica's live reservations, count and sum (kind 2). Expired ones are skipped here, and
   * deleted by the watch's pass ({@link #purgeExpired}): deleting them here cost 45 µs a request.
   */
  private static final String BOOKS = "SELECT 0, seqno, sent, signature FROM silk_payment_state"
      + " WHERE address = ? AND seqno > ?"
      + " UNION ALL (SELECT 1, seqno, sent, NULL::bytea FROM silk_payment_state WHERE address = ? AND seqno <= ?"
      + " ORDER BY seqno DESC LIMIT 1)"
      + " UNION ALL SELECT 2, count(*), COALESCE(sum(max_cost), 0)::bigint, NULL::bytea FROM silk_reservation"
      + " WHERE address = ? AND expires_at_ms > " + DATABASE_MILLIS;
  /** A new state and, if it is the newest, the channel's held state: one round trip. */
  private static final String ACCEPT = "WITH state AS (INSERT INTO silk_payment_state (address, seqno, sent,"
      + " signature, accepted_at_ms) VALUES (?, ?, ?, ?, ?) RETURNING 1)"
      + " UPDATE silk_channel SET held_seqno = ?, held_sent = ?, held_signature = ?"
      + " WHERE address = ? AND held_seqno < ? AND EXISTS (SELECT 1 FROM state)";
  /**
   * A charge: the total moved by compare-and-set, the charge's row, its reservation ended; one
   * round trip, and nothing of it if the total was not the expected one.
   */
  private static final String CHARGE = "WITH total AS (UPDATE silk_channel SET charged = ?"
      + " WHERE address = ? AND charged = ? RETURNING 1),"
      + " row AS (INSERT INTO silk_charge (request_id, address, seqno, cost, cumulative, receipt, at_ms)"
      + " SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM total) RETURNING 1),"
      + " ended AS (DELETE FROM silk_reservation WHERE request_id = ? AND EXISTS (SELECT 1 FROM total))"
      + " SELECT count(*) FROM total";

  /** pg_try_advisory_xact_lock key of the watch over the chain: "silkwtch" in ASCII. */
  private static final long WATCH_LOCK = 0x73696c6b77746368L;

  private final PostgresStore store;
  private final long leaseMs;
  /** Request ids whose reservation could not be ended when their request was. */
  private final java.util.Queue<byte[]> pendingReleases = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private PostgresLedger(PostgresStore store, Duration lease) {
    super(store);
    this.store = store;
    this.leaseMs = lease.toMillis();
  }

  static PostgresLedger connect(Database database, Duration lease) throws SQLException {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    return new PostgresLedger(PostgresStore.open(database, "ledger", MIGRATIONS), lease);
  }

  @Override
  void releaseLater(byte[] requestId) {
    pendingReleases.add(requestId.clone());
  }

  /** Ends the reservations {@link #releaseLater} kept, in a transaction of their own; kept again on failure. */
  private void releasePending() throws SQLException {
    List<byte[]> batch = new ArrayList<>();
    for (byte[] id; batch.size() < 1_000 && (id = pendingReleases.poll()) != null; ) {
      batch.add(id);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.transaction(c -> {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM silk_reservation WHERE request_id = ?")) {
          for (byte[] id : batch) {
            p.setBytes(1, id);
            p.addBatch();
          }
          return p.executeBatch().length;
        }
      });
    } catch (SQLException | RuntimeException e) {
      pendingReleases.addAll(batch);
      throw e;
    }
  }

  @Override
  <T> T locked(ChannelAccount account, Locked<T> work) throws SQLException {
    releasePending();
    return store.transaction(c -> {
      long heldSeqno;
      long heldSent;
      long charged;
      boolean closing;
      try (ResultSet r = lock(c, account.key)) {
        heldSeqno = r.getLong(1);
        heldSent = r.getLong(2);
        charged = r.getLong(3);
        closing = r.getBoolean(4);
      }
      long windowStart = Math.max(0, heldSeqno - ChannelAccount.SEQNO_WINDOW);
      TreeMap<Long, State> window = new TreeMap<>();
      long floorSent = 0;
      int inFlight = 0;
      long reserved = 0;
      try (PreparedStatement q = c.prepareStatement(BOOKS)) {
        q.setString(1, account.key);
        q.setLong(2, windowStart);
        q.setString(3, account.key);
        q.setLong(4, windowStart);
        q.setString(5, account.key);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            switch (r.getInt(1)) {
              case 0:
                window.put(r.getLong(2), new State(r.getLong(3), r.getBytes(4)));
                break;
              case 1:
                floorSent = r.getLong(3);
                break;
              default:
                inFlight = Math.toIntExact(r.getLong(2));
                reserved = r.getLong(3);
            }
          }
        }
      }
      // The monitor keeps this replica's own threads off the account while it is rewritten.
      synchronized (account) {
        account.refresh(heldSeqno, heldSent, charged, window, floorSent, reserved, inFlight, closing);
        return work.run(new TransactionEntries(c));
      }
    });
  }

  /** Locks the channel's row, creating it (nothing held, nothing charged) on its first use. */
  private static ResultSet lock(Connection c, String channel) throws SQLException {
    for (int attempt = 0; attempt < 2; attempt++) {
      PreparedStatement q = c.prepareStatement(LOCK);
      q.closeOnCompletion();
      q.setString(1, channel);
      ResultSet r = q.executeQuery();
      if (r.next()) {
        return r;
      }
      r.close();
      try (PreparedStatement create = c.prepareStatement("INSERT INTO silk_channel (address, held_seqno,"
          + " held_sent, charged) VALUES (?, 0, 0, 0) ON CONFLICT DO NOTHING")) {
        create.setString(1, channel);
        create.executeUpdate();
      }
    }
    throw new SQLException("channel row " + channel + " vanished");
  }

  /** The entries of one transaction, on its connection. Not thread-safe. */
  private final class TransactionEntries implements Entries {
    private final Connection c;

    TransactionEntries(Connection c) {
      this.c = c;
    }

    @Override
    public void accept(String channel, long seqno, long sent, byte[] signature, long atMs) throws SQLException {
      try (PreparedStatement p = c.prepareStatement(ACCEPT)) {
        p.setString(1, channel);
        p.setLong(2, seqno);
        p.setLong(3, sent);
        p.setBytes(4, signature);
        p.setLong(5, atMs);
        p.setLong(6, seqno);
        p.setLong(7, sent);
        p.setBytes(8, signature);
        p.setString(9, channel);
        p.setLong(10, seqno);
        p.executeUpdate();
      }
    }

    @Override
    public void reserve(byte[] requestId, String channel, long maxCost) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO silk_reservation (request_id, address, max_cost,"
          + " expires_at_ms) VALUES (?, ?, ?, " + DATABASE_MILLIS + " + ?)")) {
        p.setBytes(1, requestId);
        p.setString(2, channel);
        p.setLong(3, maxCost);
        p.setLong(4, leaseMs);
        p.executeUpdate();
      }
    }

    @Override
    public void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative, byte[] receipt,
        long atMs) throws SQLException {
      long before = Math.subtractExact(cumulative, cost);
      try (PreparedStatement p = c.prepareStatement(CHARGE)) {
        p.setLong(1, cumulative);
        p.setString(2, channel);
        p.setLong(3, before);
        p.setBytes(4, requestId);
        p.setString(5, channel);
        p.setLong(6, seqno);
        p.setLong(7, cost);
        p.setLong(8, cumulative);
        p.setBytes(9, receipt);
        p.setLong(10, atMs);
        p.setBytes(11, requestId);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next() || r.getLong(1) != 1) {
            throw new ConflictException("the recorded charged total is not " + before);
          }
        }
      }
    }

    @Override
    public void release(byte[] requestId) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM silk_reservation WHERE request_id = ?")) {
        p.setBytes(1, requestId);
        p.executeUpdate();
      }
    }

    @Override
    public void closing(String channel) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("UPDATE silk_channel SET closing = true WHERE address = ?")) {
        p.setString(1, channel);
        p.executeUpdate();
      }
    }
  }

  @Override
  public void accept(String channel, long seqno, long sent, byte[] signature, long atMs) throws SQLException {
    store.transaction(c -> {
      lock(c, channel).close();
      new TransactionEntries(c).accept(channel, seqno, sent, signature, atMs);
      return null;
    });
  }

  @Override
  public void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative, byte[] receipt,
      long atMs) throws SQLException {
    store.transaction(c -> {
      new TransactionEntries(c).charge(requestId, channel, seqno, cost, cumulative, receipt, atMs);
      return null;
    });
  }

  @Override
  <T> T query(String sql, Query<T> query) throws SQLException {
    return store.transaction(c -> {
      try (PreparedStatement q = c.prepareStatement(sql)) {
        return query.run(q);
      }
    });
  }

  @Override
  String table(String name) {
    return "silk_" + name; // the database may hold other applications' tables
  }

  @Override
  public String durability() throws SQLException {
    return store.transaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SHOW synchronous_commit"); ResultSet r = q.executeQuery()) {
        return "synchronous_commit=" + (r.next() ? r.getString(1) : "?");
      }
    });
  }

  @Override
  void stopPayments(String channel) throws SQLException {
    store.transaction(c -> {
      lock(c, channel).close();
      new TransactionEntries(c).closing(channel);
      return null;
    });
  }

  @Override
  int purgeExpired() throws SQLException {
    releasePending();
    return store.transaction(c -> {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM silk_reservation WHERE expires_at_ms <= "
          + DATABASE_MILLIS)) {
        return p.executeUpdate();
      }
    });
  }

  @Override
  boolean exclusively(Runnable pass) throws SQLException {
    return store.transaction(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
        q.setLong(1, WATCH_LOCK);
        try (ResultSet r = q.executeQuery()) {
          if (!r.next() || !r.getBoolean(1)) {
            return false;
          }
        }
      }
      pass.run(); // the lock ends with this transaction, or with the replica's connection
      return true;
    });
  }

  @Override
  boolean isConstraint(SQLException e) {
    // Class 23: integrity constraint violation (unique, check, foreign key), and the rules' triggers.
    return e.getSQLState() != null && e.getSQLState().startsWith("23") || e instanceof ConflictException;
  }

  @Override
  boolean isUnavailable(SQLException e) {
    return PostgresStore.isUnreachable(e) || e instanceof PostgresStore.PoolExhaustedException;
  }
}
