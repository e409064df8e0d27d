package dev.silk.node.payment;

import dev.silk.node.store.Database;
import dev.silk.node.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's payment ledger (spec-v1 §13.3), the storage SPI of paid work: per channel the newest
 * accepted state (the one a close can claim) and the charged total; every accepted payment state;
 * one row per charged request with its signed receipt. Two implementations: the node's own SQLite
 * file ({@link #open(Path)}, the default) and a PostgreSQL database that a node's replicas share
 * ({@link #open(Database, Duration)}).
 *
 * <p>The money rules hold in the database itself, whatever the code above it does: a channel's
 * charged total never exceeds the amount of its newest accepted state; a seqno is accepted once;
 * amounts never decrease as seqnos grow; the newest state and the charged total only move
 * forward; each charge moves the total by exactly its cost from the total it was computed on, and
 * names a state the channel accepted.
 *
 * <p>A channel's account changes only inside {@link #locked}: one node's memory under a monitor
 * (SQLite), or a transaction holding the channel's row lock in which the account is first read
 * back from the database (PostgreSQL), so replicas decide each payment on the same books.
 * Implementations are thread-safe.
 */
public abstract class PaymentLedger implements AutoCloseable {
  /** One channel's account. */
  public static final class Account {
    public final String channel;
    /** The newest accepted seqno of A (0: none). */
    public final long heldSeqno;
    /** Its {@code sent_a}: the most a close can pay the node. */
    public final long heldSent;
    /** A's signature of that state (null before the first payment). */
    public final byte[] heldSignature;
    public final long charged;

    Account(String channel, long heldSeqno, long heldSent, byte[] heldSignature, long charged) {
      this.channel = channel;
      this.heldSeqno = heldSeqno;
      this.heldSent = heldSent;
      this.heldSignature = heldSignature;
      this.charged = charged;
    }
  }

  /** An accepted payment state's amount and A's signature of it. Immutable. */
  public static final class State {
    /** {@code sent_a}. */
    public final long sent;
    private final byte[] signature;

    public State(long sent, byte[] signature) {
      this.sent = sent;
      this.signature = signature.clone();
    }

    public byte[] signature() {
      return signature.clone();
    }
  }

  /** A charge whose total does not follow from the recorded one: the caller's view is stale. */
  public static final class ConflictException extends SQLException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message, "23000", 19); // a constraint of the ledger's, like the schema's own
    }
  }

  /** The writes of one payment decision, made while its channel is {@linkplain #locked locked}. */
  interface Entries {
    /** Records an accepted payment state; the newest becomes the channel's held state. */
    void accept(String channel, long seqno, long sent, byte[] signature, long atMs) throws SQLException;

    /**
     * Holds a request's maximum against the channel until it is charged or released (on a shared
     * ledger, or until its lease ends by the database's clock).
     */
    void reserve(byte[] requestId, String channel, long maxCost) throws SQLException;

    /** Records a charge and its receipt, and ends the request's reservation. */
    void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative, byte[] receipt,
        long atMs) throws SQLException;

    /** Ends a request's reservation uncharged. */
    void release(byte[] requestId) throws SQLException;

    /** The channel takes no more payments (a cooperative close was countersigned). */
    void closing(String channel) throws SQLException;
  }

  /** What is done with a channel's account while it is locked. */
  interface Locked<T> {
    T run(Entries entries) throws SQLException;
  }

  private final Store store;

  PaymentLedger(Store store) {
    this.store = store;
  }

  /**
   * Opens (or creates) {@code ledger.sqlite} in {@code dataDir}, migrating a ledger written by an
   * earlier version.
   *
   * @throws SQLException if it cannot be opened, or an old ledger breaks the money rules (it says
   *     which channel)
   */
  public static PaymentLedger open(Path dataDir) throws SQLException {
    return SqliteLedger.openIn(dataDir);
  }

  /**
   * Connects to a PostgreSQL ledger shared by a node's replicas, creating or migrating its tables.
   *
   * @param lease how long a request's reservation holds if its replica dies before charging or
   *     releasing it (longer than any request may run)
   * @throws SQLException if the database is unreachable, or newer than this node
   */
  public static PaymentLedger open(Database database, Duration lease) throws SQLException {
    return PostgresLedger.connect(database, lease);
  }

  /**
   * A node's ledger: in {@code database}, shared with its replicas, if given, else its own file
   * in {@code dataDir}. A reservation on a shared ledger outlives a replica that died holding it
   * by twice the longest a request may run ({@code requestTimeout}), plus 10 s for clocks.
   */
  public static PaymentLedger forNode(Path dataDir, Database database, Duration requestTimeout)
      throws SQLException {
    return database == null ? open(dataDir) : open(database, requestTimeout.multipliedBy(2).plusSeconds(10));
  }

  /**
   * Runs {@code work} with {@code account} locked, and makes its entries durable before
   * returning. With a shared database the account is first brought up to date with what every
   * replica recorded (held state, window, charged total, requests in flight, closing).
   *
   * @throws SQLException if the ledger cannot be read or written; nothing of the work is kept
   */
  abstract <T> T locked(ChannelAccount account, Locked<T> work) throws SQLException;

  /** A description of the durability in force, for the test that asserts it. */
  public abstract String durability() throws SQLException;

  /** One read of the ledger: binds {@code q}'s parameters and reads its rows. */
  interface Query<T> {
    T run(PreparedStatement q) throws SQLException;
  }

  /** Runs one read, {@code sql}, in a transaction of its own. */
  abstract <T> T query(String sql, Query<T> query) throws SQLException;

  /** The store's name of the ledger's table {@code name} ({@code channel}, {@code charge}, ...). */
  abstract String table(String name);

  /** The channel's account, if it accepted a payment state. */
  public final Optional<Account> account(String channel) throws SQLException {
    List<Account> one = accounts(" WHERE address = ? AND held_seqno > 0", channel);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /** Every channel that has accepted a payment state. */
  public final List<Account> accounts() throws SQLException {
    return accounts(" WHERE held_seqno > 0 ORDER BY address", null);
  }

  private List<Account> accounts(String where, String channel) throws SQLException {
    return query("SELECT address, held_seqno, held_sent, held_signature, charged FROM " + table("channel") + where,
        q -> {
          if (channel != null) {
            q.setString(1, channel);
          }
          List<Account> all = new ArrayList<>();
          try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
              all.add(new Account(r.getString(1), r.getLong(2), r.getLong(3), r.getBytes(4), r.getLong(5)));
            }
          }
          return all;
        });
  }

  /** Whether the channel takes no more payments (a countersigned cooperative close, or closing on chain). */
  final boolean closing(String channel) throws SQLException {
    return query("SELECT closing FROM " + table("channel") + " WHERE address = ?", q -> {
      q.setString(1, channel);
      try (ResultSet r = q.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    });
  }

  /** The accepted states of a channel with a seqno above {@code afterSeqno}, oldest first, by seqno. */
  public final Map<Long, State> statesAfter(String channel, long afterSeqno) throws SQLException {
    return query("SELECT seqno, sent, signature FROM " + table("payment_state")
        + " WHERE address = ? AND seqno > ? ORDER BY seqno", q -> {
          q.setString(1, channel);
          q.setLong(2, afterSeqno);
          Map<Long, State> states = new LinkedHashMap<>();
          try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
              states.put(r.getLong(1), new State(r.getLong(2), r.getBytes(3)));
            }
          }
          return states;
        });
  }

  /** The {@code sent_a} of the newest accepted state at or below {@code seqno}, or 0. */
  public final long sentAtOrBelow(String channel, long seqno) throws SQLException {
    return number("SELECT sent FROM " + table("payment_state")
        + " WHERE address = ? AND seqno <= ? ORDER BY seqno DESC LIMIT 1", channel, seqno);
  }

  /** The charged total as of A's state {@code seqno}: what an on-chain commit of that seqno secures. */
  public final long chargedThrough(String channel, long seqno) throws SQLException {
    return number("SELECT COALESCE(MAX(cumulative), 0) FROM " + table("charge") + " WHERE address = ? AND seqno <= ?",
        channel, seqno);
  }

  /** The sum of recorded charges of a channel (equals its account's charged total). */
  public final long sumOfCharges(String channel) throws SQLException {
    return number("SELECT COALESCE(SUM(cost), 0) FROM " + table("charge") + " WHERE address = ?", channel);
  }

  /** The signed receipt recorded for a request, if any. */
  public final Optional<byte[]> receipt(byte[] requestId) throws SQLException {
    return query("SELECT receipt FROM " + table("charge") + " WHERE request_id = ?", q -> {
      q.setBytes(1, requestId);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getBytes(1)) : Optional.<byte[]>empty();
      }
    });
  }

  /** The first column of the first row of {@code sql} with a channel and numbers bound, or 0. */
  private long number(String sql, String channel, long... numbers) throws SQLException {
    return query(sql, q -> {
      q.setString(1, channel);
      for (int i = 0; i < numbers.length; i++) {
        q.setLong(i + 2, numbers[i]);
      }
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    });
  }

  /** Records that the channel takes no more payments, outside a payment (the watch over the chain). */
  abstract void stopPayments(String channel) throws SQLException;

  /**
   * Ends a reservation that could not be ended when its request did (the ledger was unreachable,
   * or a charge's commit had an unknown outcome): it is ended before the next work on the ledger,
   * not only when its lease runs out, so a short outage does not hold a channel's credit for a
   * whole lease.
   */
  abstract void releaseLater(byte[] requestId);

  /**
   * Deletes the reservations whose lease ended (their replica died holding them); they no longer
   * count either way.
   *
   * @return how many
   */
  abstract int purgeExpired() throws SQLException;

  /**
   * Runs {@code pass} unless another replica of the node is running it now: the watch over the
   * chain runs on one replica at a time, so a close is challenged once.
   *
   * @return whether it ran
   */
  abstract boolean exclusively(Runnable pass) throws SQLException;

  /**
   * Records an accepted payment state durably; the newest one becomes the channel's held state.
   *
   * @throws SQLException a constraint violation if the seqno was accepted before or the amount
   *     breaks the order of amounts; any other failure if the ledger cannot write
   */
  public abstract void accept(String channel, long seqno, long sent, byte[] signature, long atMs)
      throws SQLException;

  /**
   * Records a charge and its receipt durably: the channel's total moves from
   * {@code cumulative - cost} to {@code cumulative}.
   *
   * @param receipt the signed receipt, or null when none reached the client (a cancelled stream)
   * @throws ConflictException if the recorded total is not {@code cumulative - cost}
   * @throws SQLException a constraint violation if the total would pass the held state's amount,
   *     or the seqno was never accepted; any other failure if the ledger cannot write
   */
  public abstract void charge(byte[] requestId, String channel, long seqno, long cost, long cumulative,
      byte[] receipt, long atMs) throws SQLException;

  /** Whether a refused write broke one of the ledger's rules (not an outage). */
  abstract boolean isConstraint(SQLException e);

  /** Whether a failure says the ledger cannot be reached now (the request may be retried later). */
  abstract boolean isUnavailable(SQLException e);

  /** Whether the ledger works (readiness). */
  public final boolean healthy() {
    return store.healthy();
  }

  /** Whether a write may be tried now (healthy, or due for a reopen after a failure). */
  public final boolean available() {
    return store.available();
  }

  @Override
  public void close() {
    store.close();
  }
}
