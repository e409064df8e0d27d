package dev.silk.node.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Paid against free on loopback (not a unit test): two echo nodes without delay, one in
 * {@code ton-channel} mode with its durable ledger (SQLite, synchronous=FULL), one free; 16
 * clients, each with its own channel on the fake-TON chain and its own durable channel store.
 * Reports throughput of both and the ratio (target ≥ 0.9) and the signatures per paid request, alternating windows so machine noise
 * hits both alike. Run: {@code ./mvnw -q -pl reference-node -am test-compile exec:exec@paidload}.
 */
public final class PaidLoadRun {
  private static final int CLIENTS = 16;

  private PaidLoadRun() {}

  public static void main(String[] args) throws Exception {
    Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 8);
    Path dir = Files.createTempDirectory("silk-paid-load");
    StringBuilder out = new StringBuilder();
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      NodeConfig paidConfig = base(dir.resolve("paid")).tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(),
          null, payout.address(), 1_000_000, 3_000_000, TonAmount.ofTon("0.1"), 4)).build();
      NodeConfig freeConfig = base(dir.resolve("free")).build();
      OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
          .dispatcher(dispatcher()).build();
      try (SilkNode paid = SilkNode.start(paidConfig); SilkNode free = SilkNode.start(freeConfig)) {
        List<SilkClient> paidClients = new ArrayList<>();
        List<SilkClient> freeClients = new ArrayList<>();
        List<ChannelPaymentProvider> providers = new ArrayList<>();
        List<PaymentChannelConfig> channels = new ArrayList<>();
        byte[] keyB = paid.descriptor().descriptor().payment().counterpartyKey();
        for (int i = 0; i < CLIENTS; i++) {
          TonSecretKey key = TonSecretKey.generate();
          TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
          chain.chain().give(wallet.address().toRaw(), TonAmount.ofTon("50").nanoton());
          PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(1000 + i))
              .publicKeyA(key.publicKey()).publicKeyB(keyB).addressA(wallet.address()).addressB(payout.address())
              .build();
          ChannelOpener.open(ton, wallet, channel, ChannelSigner.of(channel, Side.A, key), TonAmount.ofTon("40"),
              Duration.ofSeconds(10));
          ChannelPaymentProvider pay = ChannelPaymentProvider.builder().channel(channel).key(key)
              .deposit(TonAmount.ofTon("40")).store(new FileChannelStore(dir.resolve("client-" + i))).build();
          paidClients.add(client(paid.baseUrl(), http).paymentProvider(pay).build());
          providers.add(pay);
          channels.add(channel);
          freeClients.add(client(free.baseUrl(), http).build());
        }
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("echo")
            .addMessage(ChatMessage.user("How private is a paid request?")).maxTokens(32).build();
        java.util.concurrent.atomic.AtomicLong paidRequests = new java.util.concurrent.atomic.AtomicLong();
        LoadRun.Call paidOnce = perThread(paidClients, params);
        LoadRun.Call paidCall = () -> {
          paidOnce.run();
          paidRequests.incrementAndGet();
        };
        LoadRun.Call freeCall = perThread(freeClients, params);

        long warm = LoadRun.warmUp(CLIENTS, freeCall, paidCall);
        long jit0 = LoadRun.compileMillis();
        double[] f1 = LoadRun.throughput(freeCall, CLIENTS, window);
        double[] p1 = LoadRun.throughput(paidCall, CLIENTS, window);
        double[] f2 = LoadRun.throughput(freeCall, CLIENTS, window);
        double[] p2 = LoadRun.throughput(paidCall, CLIENTS, window);
        long jit = LoadRun.compileMillis() - jit0;
        double f = Math.max(f1[0], f2[0]);
        double p = Math.max(p1[0], p2[0]);
        out.append(String.format(Locale.ROOT, "### paid vs free (%s, %d cores, %s windows, %d clients each on "
            + "its own channel)%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(), window, CLIENTS));
        out.append("| measure | free | paid | ratio | target |\n|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| throughput, 16 clients | %.0f req/s | %.0f req/s | %.2f | ≥ 0.9 |%n",
            f, p, p / f));
        out.append(String.format(Locale.ROOT, "| CPU per request, client + node | %.0f µs | %.0f µs | %.2f | — |%n",
            f1[0] >= f2[0] ? f1[1] : f2[1], p1[0] >= p2[0] ? p1[1] : p2[1],
            (p1[0] >= p2[0] ? p1[1] : p2[1]) / (f1[0] >= f2[0] ? f1[1] : f2[1])));
        long signed = 0;
        for (ChannelPaymentProvider pay : providers) {
          signed += pay.statesSigned();
        }
        long accepted = 0;
        try (dev.silk.node.payment.PaymentLedger ledger = dev.silk.node.payment.PaymentLedger.open(
            dir.resolve("paid"))) {
          for (PaymentChannelConfig channel : channels) {
            accepted += ledger.statesAfter(channel.address().toRaw(), 0).size();
          }
        }
        out.append(String.format(Locale.ROOT, "| signatures per paid request (client signs + node verifies) | — "
            + "| %.4f | — | ≤ 0.1 |%n", (signed + accepted) / (double) paidRequests.get()));
        out.append(String.format(Locale.ROOT, "| the ledger's durable charge alone (16 threads, group commit) | — "
            + "| %.0f µs | — | — |%n", ledgerChargeMicros(dir.resolve("ledger-alone"))));
        out.append(String.format(Locale.ROOT, "%nPaid requests in all (warm-up included): %d; states signed by the "
            + "clients: %d; states the node accepted (each verified once): %d; credit window %d nanoTON.%n",
            paidRequests.get(), signed, accepted, paid.descriptor().descriptor().payment().maxCreditNanoton()));
        out.append(String.format(Locale.ROOT, "%nRuns: free %.0f / %.0f req/s, paid %.0f / %.0f req/s.%n",
            f1[0], f2[0], p1[0], p2[0]));
        out.append(String.format(Locale.ROOT, "Warm-up %d s (until the JIT settles); JIT compilation during the "
            + "four measured windows: %d ms.%n", warm, jit));
        for (SilkClient c : paidClients) {
          c.close();
        }
        for (SilkClient c : freeClients) {
          c.close();
        }
      } finally {
        http.dispatcher().executorService().shutdown();
      }
    }
    System.out.println("LOADRUN-RESULT-BEGIN");
    System.out.print(out);
    System.out.println("LOADRUN-RESULT-END");
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target", "loadrun-paid.md"), out.toString().getBytes(UTF_8));
  }

  /**
   * The primitive a paid request still pays for: process CPU per durable charge (charge row with a
   * receipt-sized blob, channel total, group-committed with synchronous=FULL), 16 threads on 16
   * channels as in the load, after a warm-up round.
   */
  private static double ledgerChargeMicros(Path dir) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    byte[] receipt = new byte[360];
    Files.createDirectories(dir);
    try (dev.silk.node.payment.PaymentLedger ledger = dev.silk.node.payment.PaymentLedger.open(dir)) {
      for (int c = 0; c < CLIENTS; c++) {
        ledger.accept("0:" + c, 1, Long.MAX_VALUE / 2, new byte[64], 0);
      }
      double micros = 0;
      long[] totals = new long[CLIENTS];
      for (int round = 0; round < 2; round++) {
        int perThread = 1_000;
        java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong(round * 1_000_000L);
        long cpu0 = os.getProcessCpuTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int channel = c;
          Thread t = new Thread(() -> {
            try {
              for (int i = 0; i < perThread; i++) {
                long cumulative = totals[channel] + 1_000;
                ledger.charge(java.nio.ByteBuffer.allocate(16).putLong(ids.incrementAndGet()).array(), "0:" + channel,
                    1, 1_000, cumulative, receipt, 0);
                totals[channel] = cumulative;
              }
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          });
          threads.add(t);
          t.start();
        }
        for (Thread t : threads) {
          t.join();
        }
        micros = (os.getProcessCpuTime() - cpu0) / 1_000.0 / (perThread * CLIENTS);
      }
      return micros;
    }
  }

  private static NodeConfig.Builder base(Path dataDir) {
    return NodeConfig.builder().dataDir(dataDir).port(0)
        .limits(l -> l.rateLimitPerSecond(1e6).rateLimitPerClient(1_000_000).maxInFlight(512))
        .coalesce(Duration.ofMillis(5));
  }

  private static SilkClient.Builder client(String url, OkHttpClient http) {
    return SilkClient.builder().baseUrl(url).okHttpClient(http)
        .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build());
  }

  /** Each load thread keeps to its own client (and so its own channel). */
  private static LoadRun.Call perThread(List<SilkClient> clients, ChatCompletionCreateParams params) {
    AtomicInteger next = new AtomicInteger();
    ThreadLocal<SilkClient> mine = ThreadLocal.withInitial(() -> clients.get(next.getAndIncrement() % clients.size()));
    return () -> mine.get().chat().completions().create(params);
  }

  private static Dispatcher dispatcher() {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(256);
    d.setMaxRequestsPerHost(256);
    return d;
  }
}
