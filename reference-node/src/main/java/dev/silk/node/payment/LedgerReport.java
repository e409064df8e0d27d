package dev.silk.node.payment;

import com.squareup.moshi.JsonWriter;
import dev.silk.crypto.encoding.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import okio.Buffer;

/**
 * The operator's view of a node's ledger, its own {@code ledger.sqlite} or the PostgreSQL ledger
 * its replicas share, read-only and safe beside running nodes (SQLite's write-ahead log lets a
 * reader in while the node writes; PostgreSQL reads one snapshot): per-channel totals, and every
 * charge with its signed receipt as JSON lines. Refuses a ledger of another schema version. Not
 * thread-safe; one per command.
 */
public final class LedgerReport implements AutoCloseable {
  private final Connection connection;
  /** {@code ""} for the SQLite file's tables, {@code "silk_"} in a database shared with others. */
  private final String prefix;
  /** The column that orders charges recorded in the same millisecond. */
  private final String tieBreak;

  private LedgerReport(Connection connection, String prefix, String tieBreak) {
    this.connection = connection;
    this.prefix = prefix;
    this.tieBreak = tieBreak;
  }

  /**
   * Opens {@code dataDir}'s ledger for reading.
   *
   * @throws SQLException if there is no ledger there or its schema is not this node's
   */
  public static LedgerReport open(Path dataDir) throws SQLException {
    Path file = dataDir.resolve("ledger.sqlite");
    if (!Files.isRegularFile(file)) {
      throw new SQLException("no ledger at " + file + " (a free node keeps none)");
    }
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setReadOnly(true);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
      int version = r.next() ? r.getInt(1) : 0;
      if (version != LedgerSchema.VERSION) {
        throw new SQLException(file + " has schema version " + version + "; this tool reads version "
            + LedgerSchema.VERSION + " (start the node once to migrate an older one)");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new LedgerReport(c, "", "rowid");
  }

  /**
   * Opens the PostgreSQL ledger that a node's replicas share, for reading, in one snapshot.
   *
   * @throws SQLException if the database is unreachable, or holds no ledger of this node's version
   */
  public static LedgerReport open(dev.silk.node.store.Database database) throws SQLException {
    Connection c = database.connect();
    try {
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      int version = 0;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM silk_schema"
          + " WHERE component = 'ledger'")) {
        version = r.next() ? r.getInt(1) : 0;
      } catch (SQLException noSchemaTable) {
        // 42P01: the database holds no Silk table at all
        if (!"42P01".equals(noSchemaTable.getSQLState())) {
          throw noSchemaTable;
        }
      }
      int expected = PostgresLedger.MIGRATIONS.size();
      if (version != expected) {
        throw new SQLException(version == 0 ? "no ledger in " + database + " (start a paid node on it first)"
            : database + " holds ledger schema version " + version + "; this tool reads version " + expected);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new LedgerReport(c, "silk_", "request_id");
  }

  /**
   * One line per channel: its address, requests charged, the charged total, the amount the
   * client's newest held state signs over, and the part of it not charged yet (its credit).
   *
   * @return the number of channels
   */
  public int channels(PrintWriter out) throws SQLException {
    out.println(String.format(Locale.ROOT, "%-68s %9s %16s %16s %16s", "channel", "charges", "charged nTON",
        "signed nTON", "credit nTON"));
    int channels = 0;
    long charged = 0;
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT c.address, (SELECT count(*) FROM " + prefix + "charge g WHERE g.address = c.address), c.charged,"
            + " c.held_sent FROM " + prefix + "channel c WHERE c.held_seqno > 0 ORDER BY c.address")) {
      while (r.next()) {
        channels++;
        charged += r.getLong(3);
        out.println(String.format(Locale.ROOT, "%-68s %9d %16d %16d %16d", r.getString(1), r.getLong(2),
            r.getLong(3), r.getLong(4), r.getLong(4) - r.getLong(3)));
      }
    }
    out.println(String.format(Locale.ROOT, "%d channels, %d nanoTON charged in all", channels, charged));
    return channels;
  }

  /**
   * Every charge as one JSON object per line, oldest first: request id (hex), channel, seqno of
   * the state it was charged to, cost, the channel's cumulative charge, when, and the signed
   * receipt (base64; null when none reached the client, a stream it stopped).
   *
   * @return the number of charges
   */
  public int exportCharges(PrintWriter out) throws SQLException, IOException {
    int n = 0;
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
        "SELECT request_id, address, seqno, cost, cumulative, at_ms, receipt FROM " + prefix + "charge"
            + " ORDER BY at_ms, " + tieBreak)) {
      while (r.next()) {
        Buffer line = new Buffer();
        try (JsonWriter json = JsonWriter.of(line)) {
          json.setSerializeNulls(true);
          json.beginObject();
          json.name("request_id").value(Hex.encode(r.getBytes(1)));
          json.name("channel").value(r.getString(2));
          json.name("seqno").value(r.getLong(3));
          json.name("cost_nanoton").value(r.getLong(4));
          json.name("cumulative_nanoton").value(r.getLong(5));
          json.name("at").value(Instant.ofEpochMilli(r.getLong(6)).toString());
          byte[] receipt = r.getBytes(7);
          json.name("receipt");
          if (receipt == null) {
            json.nullValue();
          } else {
            json.value(Base64.getEncoder().encodeToString(receipt));
          }
          json.endObject();
        }
        out.println(line.readUtf8());
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
