package dev.silk.node;

import dev.silk.node.payment.LedgerReport;
import dev.silk.node.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code silk-node ledger}: a paid node's channels and charges, read-only, safe beside the running node. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {"Shows a paid node's ledger (ledger.sqlite in its data directory, or with --database-url the",
        "PostgreSQL ledger its replicas share), read-only and safe while the node runs: per channel, the",
        "requests charged, the charged total (what the node may claim on chain), the amount the client's",
        "newest held state signs over and the credit left; with --export, every charge and its signed",
        "receipt as JSON lines. Exit code 0, or 1 if there is no ledger of this node's version."})
final class LedgerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", defaultValue = "silk-node-data", description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "jdbc:postgresql://host:port/db: read the ledger the node's replicas share there. Password from the variable SILK_DATABASE_PASSWORD.")
  String databaseUrl;

  @Option(names = "--database-user", paramLabel = "ROLE", description = "The PostgreSQL role (default: from the URL or the driver's default).")
  String databaseUser;

  @Option(names = "--export", description = "Print every charge with its receipt as JSON lines instead of the per-channel totals.")
  boolean export;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LedgerReport report = databaseUrl == null ? LedgerReport.open(dataDir)
        : LedgerReport.open(Database.postgres(databaseUrl, databaseUser, System.getenv("SILK_DATABASE_PASSWORD")))) {
      if (export) {
        report.exportCharges(out);
      } else {
        report.channels(out);
      }
      out.flush();
      return 0;
    } catch (SQLException e) {
      spec.commandLine().getErr().println("silk-node ledger: " + e.getMessage());
      return 1;
    }
  }
}
