package dev.silk.node.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for one test class: Debian's {@code initdb} and {@code pg_ctl}
 * on a free loopback port, in a temporary directory, deleted on {@link #close()}. A real
 * PostgreSQL, never a mock. Without the binaries the test is skipped with a message, and fails
 * under {@code SILK_CI=1}. As root (CI), the server runs as the {@code postgres} user, since
 * PostgreSQL refuses to run as root. Not thread-safe.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final java.util.concurrent.atomic.AtomicInteger databases = new java.util.concurrent.atomic.AtomicInteger();

  private PostgresCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates and starts a cluster, or skips the calling test (fails it under {@code SILK_CI=1}). */
  public static PostgresCluster startOrSkip() throws IOException, InterruptedException {
    Path bin = findBinaries();
    if (bin == null) {
      String why = "PostgreSQL's initdb/pg_ctl not found (Debian: apt-get install postgresql)";
      if ("1".equals(System.getenv("SILK_CI"))) {
        fail(why + "; SILK_CI=1 requires it");
      }
      Assumptions.assumeTrue(false, why);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("silk-pg");
    if (root) {
      run(Arrays.asList("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    PostgresCluster cluster = new PostgresCluster(bin, dir, freePort(), root);
    cluster.initdb();
    cluster.start();
    return cluster;
  }

  /** The JDBC URL of the {@code postgres} database, user {@code silk} (trust authentication on loopback). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The user the cluster was created with (trust authentication, loopback only). */
  public String user() {
    return "silk";
  }

  /** A fresh, empty database in the cluster, for one test: its {@link Database}. */
  public Database newDatabase() throws java.sql.SQLException {
    String name = "silk_" + databases.incrementAndGet();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), null);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return Database.postgres("jdbc:postgresql://127.0.0.1:" + port + "/" + name, user(), null);
  }

  public int port() {
    return port;
  }

  /** Starts the server (again, after {@link #stop()}) and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    pgCtl("-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=on", "start");
  }

  /** Stops the server at once ({@code -m immediate}: like a crash, no checkpoint). */
  public void crash() throws IOException, InterruptedException {
    pgCtl("-w", "-m", "immediate", "stop");
  }

  /** Stops the server cleanly. */
  public void stop() throws IOException, InterruptedException {
    pgCtl("-w", "-m", "fast", "stop");
  }

  private void initdb() throws IOException, InterruptedException {
    run(command(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", user(),
        "--auth=trust", "-E", "UTF8", "--no-instructions"), true);
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(Arrays.asList(bin.resolve("pg_ctl").toString(), "-D",
        dir.resolve("data").toString()));
    c.addAll(Arrays.asList(args));
    run(command(c.toArray(new String[0])), true);
  }

  private List<String> command(String... args) {
    List<String> c = new ArrayList<>();
    if (asPostgresUser) {
      c.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
    }
    c.addAll(Arrays.asList(args));
    return c;
  }

  private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " did not finish");
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static Path findBinaries() throws IOException {
    Path lib = Paths.get("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(null);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      pgCtl("-w", "-m", "immediate", "stop");
    } catch (IOException alreadyStopped) {
      // a test that stopped it
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
