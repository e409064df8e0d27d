package dev.silk.node.bench;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.FleetProcesses;
import dev.silk.node.Payer;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresCluster;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicas of one node on one PostgreSQL, 1 against 3, behind a round-robin balancer, 16 clients
 * (each its own connection, so a layer-4 balancer spreads them): throughput, the machine's CPU per
 * request (clients, replicas and PostgreSQL, from /proc/stat) and what each request costs the
 * database (transactions and rows, from pg_stat_database). In {@code paid} mode the replicas are
 * paid over TON channels on the fake chain, and every client pays through its own channel. Run:
 * {@code ./mvnw -q -pl reference-node -am test-compile exec:exec@fleetrun [-Dsilk.fleetrun.mode=paid]}
 * (reference-node/FLEET.md).
 */
public final class FleetRun {
  private static final int CLIENTS = 16;

  private FleetRun() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    boolean paid = args.length > 1 && "paid".equals(args[1]);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "| replicas | throughput | machine CPU per request | of which PostgreSQL | DB transactions per request |"
            + " DB rows written per request |%n|---|---|---|---|---|---|%n"));
    try (PostgresCluster cluster = PostgresCluster.startOrSkip();
        FakeTonServer chain = paid ? FakeTonServer.start(0) : null) {
      Payments payments = paid ? new Payments(chain) : null;
      // 0: one node on its own SQLite files behind the same balancer, the baseline of sharing.
      for (int replicas : new int[] {0, 1, 3, 0, 1, 3}) {
        Database db = replicas == 0 ? null : cluster.newDatabase();
        // All clients here share one address (127.0.0.1): the per-address limit would cap each replica.
        try (FleetProcesses fleet = FleetProcesses.start(Math.max(1, replicas), db, flags(payments, "--rate-limit",
            "100000", "--rate-limit-per-client", "100000", "--max-in-flight", "512"))) {
          List<SilkClient> clients = clients(fleet.balancerUrl(), CLIENTS, payments);
          double[] warm = load(clients, db, seconds); // JIT of the replicas (and, first, of the clients)
          double[] r = load(clients, db, seconds);
          clients.forEach(SilkClient::close);
          out.append(String.format(Locale.ROOT, "| %s | %.0f req/s | %.0f µs | %.0f µs | %.2f | %.2f |%n",
              replicas == 0 ? "1, own SQLite" : Integer.toString(replicas), r[0], r[1], r[4], r[2], r[3]));
          System.out.printf(Locale.ROOT, "%d replicas: warm-up %.0f req/s, measured %.0f req/s%n", replicas, warm[0], r[0]);
        }
      }
      // Latency: one replica on PostgreSQL against the same node on its own SQLite files, one client.
      out.append(String.format(Locale.ROOT, "%n| %s | median, 1 client | p99 |%n|---|---|---|%n",
          paid ? "replay cache and ledger" : "replay cache"));
      for (int round = 0; round < 2; round++) {
        for (boolean shared : new boolean[] {false, true}) {
          try (FleetProcesses fleet = FleetProcesses.start(1, shared ? cluster.newDatabase() : null,
              flags(payments))) {
            try (SilkClient client = clients(fleet.balancerUrl(), 1, payments).get(0)) {
              double[] lat = latency(client, 2000);
              out.append(String.format(Locale.ROOT, "| %s | %.0f µs | %.0f µs |%n",
                  shared ? "PostgreSQL (shared)" : "SQLite (own file)", lat[0], lat[1]));
            }
          }
        }
      }
    }
    System.out.println(out);
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target", paid ? "fleetrun-paid.md" : "fleetrun.md"),
        out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The fake chain the paid replicas read, and the wallet they are paid out to. */
  private static final class Payments {
    final FakeTonServer chain;
    final TonCenterClient ton;
    final TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
    int channels;

    Payments(FakeTonServer chain) {
      this.chain = chain;
      this.ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
    }
  }

  /** {@code extra}, and the payment flags of a paid fleet. */
  private static String[] flags(Payments payments, String... extra) {
    List<String> flags = new ArrayList<>(java.util.Arrays.asList(extra));
    if (payments != null) {
      flags.addAll(java.util.Arrays.asList("--payment", "ton-channel", "--ton-center-url",
          payments.chain.tonCenterUrl(), "--payout-address", payments.payout.address().toRaw(), "--prompt-price",
          "20000000", "--completion-price", "50000000", "--channel-max-in-flight", "4"));
    }
    return flags.toArray(new String[0]);
  }

  /** {@code n} clients of the fleet at {@code url}, each with its own connection and, if paid, its own channel. */
  private static List<SilkClient> clients(String url, int n, Payments payments) throws Exception {
    SignedDescriptor descriptor = payments == null ? null : Payer.descriptor(url);
    List<SilkClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SilkClient.Builder b = SilkClient.builder().baseUrl(url).okHttpClient(new okhttp3.OkHttpClient())
          .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build());
      if (payments != null) {
        b.paymentProvider(Payer.open(payments.chain, payments.ton, descriptor, payments.payout,
            BigInteger.valueOf(++payments.channels), TonAmount.ofTon("50"),
            Files.createTempDirectory("silk-fleetrun-channel")).pay);
      }
      clients.add(b.build());
    }
    return clients;
  }

  /** Median and p99 in µs of {@code n} sequential sealed requests by one client, after as many to warm up. */
  private static double[] latency(SilkClient client, int n) {
    ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("echo")
        .addMessage(ChatMessage.user("how long does one answer take")).maxTokens(16).build();
    long[] micros = new long[n];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        client.chat().completions().create(ask);
        micros[i] = (System.nanoTime() - t) / 1000;
      }
    }
    java.util.Arrays.sort(micros);
    return new double[] {micros[n / 2], micros[n * 99 / 100]};
  }

  /** Requests per second, machine CPU µs per request, DB transactions and rows per request. */
  private static double[] load(List<SilkClient> clients, Database db, int seconds) throws Exception {
    ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("echo")
        .addMessage(ChatMessage.user("how many replicas answer me")).maxTokens(16).build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    long[] db0 = dbCounters(db);
    long cpu0 = machineBusyTicks();
    long pg0 = postgresTicks();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (SilkClient client : clients) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          client.chat().completions().create(ask);
          calls.incrementAndGet();
        }
      });
      t.start();
      threads.add(t);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpu = machineBusyTicks() - cpu0;
    long pg = postgresTicks() - pg0;
    long[] db1 = dbCounters(db);
    long n = calls.get();
    double ticksPerSecond = 100; // USER_HZ on Linux
    return new double[] {n / elapsed, cpu / ticksPerSecond * 1e6 / n, (db1[0] - db0[0]) / (double) n,
        (db1[1] - db0[1]) / (double) n, pg / ticksPerSecond * 1e6 / n};
  }

  /** Committed transactions and inserted rows of the database so far (none without one). */
  private static long[] dbCounters(Database db) throws Exception {
    if (db == null) {
      return new long[2];
    }
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet r = s.executeQuery(
          "SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = current_database()")) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  /** CPU ticks used so far by processes named {@code postgres} (the cluster's server and backends). */
  private static long postgresTicks() throws Exception {
    long ticks = 0;
    try (java.util.stream.Stream<java.nio.file.Path> procs = Files.list(Paths.get("/proc"))) {
      for (java.nio.file.Path proc : (Iterable<java.nio.file.Path>) procs::iterator) {
        if (!proc.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String stat = new String(Files.readAllBytes(proc.resolve("stat")), StandardCharsets.US_ASCII);
          if (!stat.contains("(postgres)")) {
            continue;
          }
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (java.io.IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** Busy CPU ticks of the whole machine (clients, replicas, PostgreSQL) from /proc/stat. */
  private static long machineBusyTicks() throws Exception {
    String[] f = new String(Files.readAllBytes(Paths.get("/proc/stat")), StandardCharsets.US_ASCII).split("\n")[0]
        .trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length; i++) {
      if (i != 4 && i != 5) { // idle and iowait
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }
}
