package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.VerificationLevel;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeSource;
import dev.silk.crypto.signature.NodeId;
import dev.silk.node.keys.DevKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Issue "Discovery, node selection and failover", must show: a registry and four node processes
 * on loopback (one killed with SIGKILL during the load, one slowed down, one whose receipts fail
 * verification); 8 client threads share one discovery client. Every answer carries a valid
 * receipt from a live honest node, load shifts away from the bad ones, and no request reaches two
 * nodes unless the first one never got it or refused it with its signature (so none is paid
 * twice). Success rate and tail latency are printed and written to target/failover-run.md.
 *
 * <p>The run is a fixed number of requests, not a fixed time, and the assertions count: failures
 * are bounded by what the faults explain (requests in flight on the killed node, requests that met
 * the liar before its quarantine), so a slow or busy machine changes how long it takes, not
 * whether it passes.
 */
class FailoverLoadTest {
  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 300;
  /** The kill comes once this many requests were answered. */
  private static final int KILL_AFTER_ANSWERS = 600;

  /** Which logical request the calling thread is making (set by the load thread). */
  private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

  /** Whether the calling thread's current attempt got a connection to the node (set by a network interceptor). */
  private static final ThreadLocal<boolean[]> CONNECTED = new ThreadLocal<>();

  /** What one attempt of one logical request met on the wire. */
  private static final class Attempt {
    final String url;
    final int status; // 0: no answer
    final Class<?> failure;
    final boolean connected;

    Attempt(String url, int status, Class<?> failure, boolean connected) {
      this.url = url;
      this.status = status;
      this.failure = failure;
      this.connected = connected;
    }

    /**
     * Whether the node may have served it: a connection to it was made (the request may have
     * been written) and it did not refuse with a signed 429 or 503.
     */
    boolean mayHaveBeenServed() {
      return connected && status != 429 && status != 503;
    }
  }

  @Test
  void theClientKeepsAnsweringThroughAKillASlowNodeAndALiar() throws Exception {
    Path dir = Files.createTempDirectory("silk-failover");
    List<NodeProcess> processes = Collections.synchronizedList(new ArrayList<>());
    try {
      NodeProcess registry = NodeProcess.start(dir.resolve("registry"), "--registry", "--registry-ttl-seconds", "3");
      processes.add(registry);
      // Rate limits are not what this run is about: one test process is every client here.
      String[] announce = {"--announce-to", registry.baseUrl, "--announce-interval-seconds", "1",
          "--rate-limit", "1000000", "--rate-limit-per-client", "1000000"};
      ExecutorService starter = Executors.newFixedThreadPool(4);
      Future<NodeProcess> killed = starter.submit(() -> NodeProcess.start(dir.resolve("a"), announce));
      Future<NodeProcess> honest = starter.submit(() -> NodeProcess.start(dir.resolve("b"), announce));
      Future<NodeProcess> slow = starter.submit(() -> NodeProcess.start(dir.resolve("c"),
          concat(announce, "--echo-delay-ms", "60")));
      Future<NodeProcess> liar = starter.submit(() -> NodeProcess.start(dir.resolve("d"),
          concat(announce, "--inject-fault", "bad-receipt")));
      for (Future<NodeProcess> f : List.of(killed, honest, slow, liar)) {
        processes.add(f.get());
      }
      starter.shutdown();
      Map<String, String> nameOf = new HashMap<>();
      nameOf.put(killed.get().baseUrl, "killed");
      nameOf.put(honest.get().baseUrl, "honest");
      nameOf.put(slow.get().baseUrl, "slow");
      nameOf.put(liar.get().baseUrl, "liar");
      Map<NodeId, String> nodeName = new HashMap<>();
      for (NodeProcess p : processes.subList(1, 5)) {
        nodeName.put(DevKeyStore.loadOrCreate(p.dir.resolve("data")).signing.publicKey().nodeId(), nameOf.get(p.baseUrl));
      }

      Map<Long, List<Attempt>> wire = new ConcurrentHashMap<>();
      OkHttpClient spied = new OkHttpClient.Builder().addInterceptor(chain -> {
        Long id = CURRENT.get();
        String url = chain.request().url().newBuilder().encodedPath("/").build().toString().replaceAll("/$", "");
        boolean sealed = chain.request().url().encodedPath().contains("/sealed/");
        boolean[] connected = {false};
        CONNECTED.set(connected);
        try {
          Response r = chain.proceed(chain.request());
          if (id != null && sealed) {
            wire.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Attempt(url, r.code(), null, connected[0]));
          }
          return r;
        } catch (IOException e) {
          if (id != null && sealed) {
            wire.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Attempt(url, 0, e.getClass(), connected[0]));
          }
          throw e;
        } finally {
          CONNECTED.remove();
        }
      }).addNetworkInterceptor(chain -> {
        boolean[] connected = CONNECTED.get();
        if (connected != null) {
          connected[0] = true;
        }
        return chain.proceed(chain.request());
      }).build();

      SilkClient client = SilkClient.builder()
          .discovery(NodeSource.registry(registry.baseUrl,
              DevKeyStore.loadOrCreateRegistryKey(registry.dir.resolve("data")).publicKey()),
              DiscoveryOptions.builder().allowFreeNodes().refreshInterval(Duration.ofSeconds(1)).build())
          .attestationPolicy(LocalNode.DEV).okHttpClient(spied).timeout(Duration.ofSeconds(5))
          .retryBackoff(Duration.ofMillis(20)).maxRetries(3).build();
      Registries.awaitListed(registry.baseUrl, 4);

      AtomicLong ids = new AtomicLong();
      Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
      Map<String, AtomicLong> answersAfterKill = new ConcurrentHashMap<>();
      Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean afterKill = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Thread worker = new Thread(() -> {
          for (int n = 0; n < REQUESTS_PER_THREAD; n++) {
            long id = ids.incrementAndGet();
            CURRENT.set(id);
            long t0 = System.nanoTime();
            try {
              ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                  .model("echo").addMessage(ChatMessage.user("request " + id)).maxTokens(16).build());
              latencies.add(System.nanoTime() - t0);
              assertThat(answer.verification().level()).isEqualTo(VerificationLevel.SILK_RECEIPT);
              assertThat(answer.choices().get(0).message().content()).isEqualTo("request " + id);
              String by = nodeName.get(answer.receipt().receipt().nodeId());
              answers.computeIfAbsent(by, k -> new AtomicLong()).incrementAndGet();
              if (afterKill.get()) {
                answersAfterKill.computeIfAbsent(by, k -> new AtomicLong()).incrementAndGet();
              }
            } catch (RuntimeException e) {
              failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            } finally {
              CURRENT.remove();
            }
          }
        });
        worker.start();
        load.add(worker);
      }
      while (latencies.size() < KILL_AFTER_ANSWERS && load.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(10);
      }
      killed.get().kill();
      // Requests in flight on the killed node end, one way or the other, within the next few answers.
      long killedAt = latencies.size() + failures.values().stream().mapToLong(AtomicLong::get).sum();
      while (latencies.size() + failures.values().stream().mapToLong(AtomicLong::get).sum() < killedAt + 4 * THREADS
          && load.stream().anyMatch(Thread::isAlive)) {
        Thread.sleep(5);
      }
      afterKill.set(true);
      for (Thread worker : load) {
        worker.join(120_000);
      }
      client.close();

      long ok = latencies.size();
      long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      String report = String.format(Locale.ROOT, "### failover run (%s, %d client threads, %d requests each, kill"
          + " after %d answers)%n%n"
          + "| measure | value |%n|---|---|%n| requests | %d |%n| answered with a valid receipt | %d (%.2f %%) |%n"
          + "| failed | %d %s |%n| latency p50 / p99 / max | %.1f / %.1f / %.1f ms |%n| answers by node | %s |%n"
          + "| answers by node, after the kill | %s |%n",
          java.time.Instant.now(), THREADS, REQUESTS_PER_THREAD, KILL_AFTER_ANSWERS, ok + failed, ok,
          100.0 * ok / (ok + failed), failed, failures, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0),
          answers, answersAfterKill);
      System.out.print(report);
      Files.createDirectories(Paths.get("target"));
      Files.write(Paths.get("target", "failover-run.md"), report.getBytes(UTF_8));

      // Nothing is served twice: a request moves on only from a node that never got it or refused it signed.
      for (Map.Entry<Long, List<Attempt>> e : wire.entrySet()) {
        List<Attempt> attempts = e.getValue();
        for (Attempt a : attempts.subList(0, attempts.size() - 1)) {
          assertThat(a.mayHaveBeenServed()).as("request %d moved on from %s after status %d / %s", e.getKey(),
              nameOf.get(a.url), a.status, a.failure).isFalse();
        }
      }
      assertThat(answers.get("liar")).as("the liar's answers never pass").isNull();
      // Quarantine follows the first bad answer; requests already in flight to the liar then (at
      // most one per thread) fail too, and nothing is sent to it afterwards.
      long toLiar = wire.values().stream().flatMap(List::stream).filter(a -> "liar".equals(nameOf.get(a.url))).count();
      assertThat(toLiar).as("requests sent to the liar").isBetween(1L, (long) THREADS);
      assertThat(failures.get("VerificationException").get()).isEqualTo(toLiar);
      assertThat(answersAfterKill.get("killed")).isNull();
      assertThat(answersAfterKill.get("honest").get()).as("load shifts to the honest fast node")
          .isGreaterThan(3 * answersAfterKill.getOrDefault("slow", new AtomicLong()).get());
      // Every request ended; failures: at most the requests in flight on the killed node (one per
      // thread) and those that met the liar (counted above).
      assertThat(ok + failed).isEqualTo((long) THREADS * REQUESTS_PER_THREAD);
      assertThat(failed - toLiar).as("failures besides the liar's").isLessThanOrEqualTo(THREADS);
    } finally {
      for (NodeProcess p : processes) {
        p.kill();
      }
      LocalNode.deleteRecursively(dir);
    }
  }

  private static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
