package dev.silk.node.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.json.ChatJson;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.CryptoProviders;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import dev.silk.node.keys.DevKeyStore;
import dev.silk.node.keys.NodeKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Load run on loopback (not a unit test): one echo node with its sealed and its plain benchmark
 * endpoint, driven from the same process, so that CPU per request covers client and node.
 * Measures (a) 16-client throughput and CPU per request, sealed beside plain, against the CPU of
 * the crypto a sealed request performs (measured in the same run without HTTP); (b) one-client
 * median latency; (c) streaming time to first chunk. Run through {@link LoadRunMain}.
 */
public final class LoadRun {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PROMPT =
      "Summarise the privacy promise of sealed inference in one sentence for a Mini App user please now";

  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 8);
    String mode = (CryptoProviders.ensureInstalled() ? "Conscrypt" : "pure Java")
        + ", Ed25519 " + dev.silk.crypto.signature.Ed25519Engine.get().name();
    Path dir = Files.createTempDirectory("silk-load");
    NodeConfig config = NodeConfig.builder().dataDir(dir).port(0).benchmarkPlainEndpoint(true)
        .limits(l -> l.rateLimitPerSecond(1e6).rateLimitPerClient(1_000_000).maxInFlight(512))
        .coalesce(Duration.ofMillis(5)).build();
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
        .dispatcher(dispatcher()).build();
    StringBuilder out = new StringBuilder();
    try (SilkNode node = SilkNode.start(config);
        SilkClient client = SilkClient.builder().baseUrl(node.baseUrl()).okHttpClient(http)
            .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build()).build();
        // The same client sealing with X25519, the suite before X-Wing: its cost beside, same run.
        SilkClient x25519Client = SilkClient.builder().baseUrl(node.baseUrl()).okHttpClient(http)
            .hpkeSuites(HpkeSuite.X25519_SHA256_AES128GCM)
            .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build()).build()) {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user(PROMPT)).build();
      Call sealed = () -> client.chat().completions().create(params);
      Call sealedX25519 = () -> x25519Client.chat().completions().create(params);
      // The plain baseline does the JSON work a plain OpenAI-style client does: it serialises the
      // request per call and parses the answer, as the sealed client does inside the envelope.
      String plainUrl = node.baseUrl() + "/v1/plain/chat/completions";
      // Over h2c like the sealed client: OkHttp 3 waits ~1 ms before each POST on a reused
      // HTTP/1.1 connection, which would inflate the baseline.
      OkHttpClient plainHttp = http.newBuilder()
          .protocols(java.util.Collections.singletonList(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE)).build();
      Call plain = () -> {
        ChatJson.Request body = new ChatJson.Request();
        body.model = "echo";
        ChatJson.Message message = new ChatJson.Message();
        message.role = "user";
        message.content = PROMPT;
        body.messages = Collections.singletonList(message);
        Request request = new Request.Builder().url(plainUrl).post(RequestBody.create(JSON, ChatJson.write(body))).build();
        try (Response r = plainHttp.newCall(request).execute()) {
          ChatJson.Completion answer = ChatJson.readCompletion(r.body().string());
          if (r.code() != 200 || !PROMPT.equals(answer.choices.get(0).message.content)) {
            throw new IllegalStateException("plain endpoint answered " + r.code());
          }
        }
      };

      // Warm both paths until the JIT settles, then alternate so that machine noise hits both alike.
      long warm = warmUp(16, plain, sealed, sealedX25519);
      long jit0 = compileMillis();
      double[] p1 = throughput(plain, 16, window);
      double[] s1 = throughput(sealed, 16, window);
      double[] x1 = throughput(sealedX25519, 16, window);
      double[] p2 = throughput(plain, 16, window);
      double[] s2 = throughput(sealed, 16, window);
      double[] x2 = throughput(sealedX25519, 16, window);
      long jit = compileMillis() - jit0;
      double[] p = best(p1, p2);
      double[] s = best(s1, s2);
      double[] x = best(x1, x2);
      HpkeSuite xwing = HpkeSuite.XWING_SHA256_AES128GCM;
      HpkeSuite x25519 = HpkeSuite.X25519_SHA256_AES128GCM;
      double crypto = cryptoCpuMicrosPerRequest(dir, node.descriptor(), xwing, 1500, 1);
      double cryptoLoaded = cryptoCpuMicrosPerRequest(dir, node.descriptor(), xwing, 1500, 16);
      double cryptoX25519 = cryptoCpuMicrosPerRequest(dir, node.descriptor(), x25519, 1500, 1);

      double[] latPlain = latencies(plain, 2000);
      double[] latSealed = latencies(sealed, 2000);
      double[] latX25519 = latencies(sealedX25519, 2000);

      ChatCompletionCreateParams streamParams = params;
      Call sealedFirst = () -> {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamParams)) {
          stream.hasNext();
        }
      };
      Request plainStream = new Request.Builder().url(node.baseUrl() + "/v1/plain/chat/completions")
          .post(RequestBody.create(JSON, ("{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\","
              + "\"content\":\"" + PROMPT + "\"}]}").getBytes(UTF_8))).build();
      Call plainFirst = () -> {
        try (Response r = plainHttp.newCall(plainStream).execute();
            BufferedReader lines = new BufferedReader(new InputStreamReader(r.body().byteStream(), UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null && !line.startsWith("data:")) {
            // until the first event
          }
        }
      };
      latencies(plainFirst, 200);
      latencies(sealedFirst, 200);
      double[] ttfcPlain = latencies(plainFirst, 1000);
      double[] ttfcSealed = latencies(sealedFirst, 1000);

      out.append(String.format(Locale.ROOT, "### %s (%s, %d cores, %s windows)%n%n", mode, Instant.now(),
          Runtime.getRuntime().availableProcessors(), window));
      out.append("| measure | plain | sealed | ratio or overhead | target |\n|---|---|---|---|---|\n");
      out.append(String.format(Locale.ROOT, "| (a) throughput, 16 clients | %.0f req/s | %.0f req/s | %.2f× | sealed ≥ 1500 req/s |%n",
          p[0], s[0], s[0] / p[0]));
      out.append(String.format(Locale.ROOT,
          "| (a) CPU per request, client + node | %.0f µs | %.0f µs | sealed / (crypto %.0f µs + plain) = %.2f | ≤ 1.3 |%n",
          p[1], s[1], crypto, s[1] / (crypto + p[1])));
      out.append(String.format(Locale.ROOT,
          "| (a) same, crypto measured with 16 threads | | | sealed / (crypto %.0f µs + plain) = %.2f | — |%n",
          cryptoLoaded, s[1] / (cryptoLoaded + p[1])));
      out.append(String.format(Locale.ROOT, "| (b) latency, 1 client, median | %.2f ms | %.2f ms | +%.2f ms | ≤ +1 ms |%n",
          latPlain[0], latSealed[0], latSealed[0] - latPlain[0]));
      out.append(String.format(Locale.ROOT, "| (b) latency, 1 client, p99 | %.2f ms | %.2f ms | +%.2f ms | — |%n",
          latPlain[1], latSealed[1], latSealed[1] - latPlain[1]));
      out.append(String.format(Locale.ROOT, "| (c) stream, time to first chunk, median | %.2f ms | %.2f ms | +%.2f ms | ≤ +2 ms |%n",
          ttfcPlain[0], ttfcSealed[0], ttfcSealed[0] - ttfcPlain[0]));
      out.append(String.format(Locale.ROOT, "%nSealed is X-Wing (the default). X25519 sealing in the same run:%n%n"
          + "| measure | X25519 | X-Wing | X-Wing's cost |%n|---|---|---|---|%n"));
      out.append(String.format(Locale.ROOT, "| (a) throughput, 16 clients | %.0f req/s | %.0f req/s | %.2f× |%n",
          x[0], s[0], s[0] / x[0]));
      out.append(String.format(Locale.ROOT, "| (a) CPU per request, client + node | %.0f µs | %.0f µs | +%.0f µs |%n",
          x[1], s[1], s[1] - x[1]));
      out.append(String.format(Locale.ROOT, "| crypto of one request, client + node | %.0f µs | %.0f µs | +%.0f µs |%n",
          cryptoX25519, crypto, crypto - cryptoX25519));
      out.append(String.format(Locale.ROOT, "| (b) latency, 1 client, median | %.2f ms | %.2f ms | +%.2f ms |%n",
          latX25519[0], latSealed[0], latSealed[0] - latX25519[0]));
      out.append(String.format(Locale.ROOT, "| (b) latency, 1 client, p99 | %.2f ms | %.2f ms | +%.2f ms |%n",
          latX25519[1], latSealed[1], latSealed[1] - latX25519[1]));
      out.append(String.format(Locale.ROOT, "%nRuns: plain %.0f / %.0f req/s, sealed %.0f / %.0f req/s, X25519 %.0f / %.0f "
          + "req/s (best of two shown).%n", p1[0], p2[0], s1[0], s2[0], x1[0], x2[0]));
      out.append(String.format(Locale.ROOT, "Warm-up %d s (until the JIT settles); JIT compilation during the four "
          + "windows of (a): %d ms.%n", warm, jit));
    } finally {
      http.dispatcher().executorService().shutdown();
    }
    System.out.println("LOADRUN-RESULT-BEGIN");
    System.out.print(out);
    System.out.println("LOADRUN-RESULT-END");
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target", "loadrun-" + mode.replaceAll("[^A-Za-z0-9]+", "-") + ".md"),
        out.toString().getBytes(UTF_8));
  }

  interface Call {
    void run() throws Exception;
  }

  private static Dispatcher dispatcher() {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(256);
    d.setMaxRequestsPerHost(256);
    return d;
  }

  /**
   * Runs the calls in alternating 3 s rounds until the JIT compilers settle: a round in which
   * compilation took less than 2 % of the CPU time the round had (cores × wall time), or 60 s.
   * On 2 shared cores C2 competes with 16 busy threads; before this, a 3 s warm-up left the
   * compilers using a quarter of the CPU of the first measured windows, paid more than free.
   *
   * @return the warm-up's wall time in seconds, for the report
   */
  static long warmUp(int threads, Call... calls) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    Duration round = Duration.ofSeconds(3);
    long budgetMs = round.toMillis() * calls.length * Runtime.getRuntime().availableProcessors();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
      long compiled0 = jit.getTotalCompilationTime();
      for (Call call : calls) {
        throughput(call, threads, round);
      }
      if (jit.getTotalCompilationTime() - compiled0 < budgetMs / 50) {
        break;
      }
    }
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  /** Milliseconds the JIT compilers have spent so far, to report their share of a window. */
  static long compileMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /** Requests per second and process CPU µs per request, {@code threads} clients for {@code window}. */
  static double[] throughput(Call call, int threads, Duration window) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Exception> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(threads);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try {
            call.run();
            done.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
        finished.countDown();
      });
      t.setDaemon(true);
      t.start();
    }
    Thread.sleep(window.toMillis());
    stop.set(true);
    finished.await();
    long elapsed = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " requests failed during the load run", firstFailure.get());
    }
    return new double[] {done.get() / (elapsed / 1e9), cpu / 1e3 / done.get()};
  }

  private static double[] best(double[] a, double[] b) {
    return a[0] >= b[0] ? a : b;
  }

  /** Median and p99 in ms of {@code n} sequential calls. */
  static double[] latencies(Call call, int n) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      call.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[n / 2], ms[(int) (n * 0.99)]};
  }

  /**
   * Process CPU per request of exactly the crypto a sealed request performs, client and node
   * sides, on the same sizes, without HTTP: seal, open, answer with receipt, read and verify.
   * Process CPU (not thread CPU) so that the garbage collection the crypto causes is counted, as
   * it is in the load windows; the node is idle meanwhile. With {@code threads} > 1 the crypto
   * runs at the load's concurrency, where caches and the collector are as busy as under load.
   */
  static double cryptoCpuMicrosPerRequest(Path dir, SignedDescriptor descriptor, HpkeSuite suite, int n, int threads)
      throws Exception {
    NodeKeys keys = DevKeyStore.loadOrCreate(dir);
    RequestOpener opener = RequestOpener.create(descriptor.nodeId(), descriptor.hash(), keys.hpkeKeys());
    byte[] body = ("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}")
        .getBytes(UTF_8);
    byte[] answer = new byte[420];
    Arrays.fill(answer, (byte) 'a');
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Long> samples = new ArrayList<>();
    for (int round = 0; round < 6; round++) { // the first round warms up; the median of the rest counts
      long cpu0 = os.getProcessCpuTime();
      Thread[] workers = new Thread[threads];
      java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          try {
            for (int i = 0; i < n / threads; i++) {
              SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body(body).build(),
                  descriptor.recipient(Collections.singletonList(suite)).get());
              OpenedRequest opened = opener.open(sealed.envelope());
              byte[] chunk = opened.responseWriter(keys.signing).finish(answer,
                  Receipt.builder().usage(17, 17).costNanoton(0).issuedAt(Instant.now()));
              ResponseReader reader = sealed.responseReader(descriptor.signingKey());
              reader.read(chunk);
              reader.receipt();
            }
          } catch (Exception e) {
            failure.set(e);
          }
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      if (round > 0) {
        samples.add(os.getProcessCpuTime() - cpu0);
      }
    }
    Collections.sort(samples);
    return samples.get(samples.size() / 2) / 1e3 / (n / threads * threads);
  }
}
