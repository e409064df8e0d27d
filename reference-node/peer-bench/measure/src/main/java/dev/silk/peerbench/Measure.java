package dev.silk.peerbench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one measuring loop every client JVM of the peer benchmark runs, so that each client is
 * measured the same way: it reports its first answer at once (the runner times the cold start
 * from launching the JVM to that line), warms up, then measures sequential latency, process CPU
 * and allocation per request, and 16-thread throughput, and prints one {@code result} line with
 * the number of calls it made (the runner divides the node's CPU by it).
 */
public final class Measure {
  /** One request of the client under test; throws if the answer is not the expected one. */
  @FunctionalInterface
  public interface Call {
    void run() throws Exception;
  }

  private Measure() {}

  /** More {@code name=value} pairs for the result line, computed after everything else is measured. */
  @FunctionalInterface
  public interface Extra {
    String get() throws Exception;
  }

  /** Measures {@code call} with no extra figures. */
  public static void run(Call call, int requests) throws Exception {
    run(call, requests, () -> "");
  }

  /**
   * @param extra more {@code name=value} pairs for the result line (the client's crypto CPU, say),
   *     asked for only after the first answer and the measurements, so it cannot delay the cold start
   */
  public static void run(Call call, int requests, Extra extra) throws Exception {
    call.run();
    System.out.println("first-answer");
    System.out.flush();
    // Warm-up: the JIT compiles the request path before anything is measured.
    int warmUp = Math.max(3 * requests, 4000);
    for (int i = 0; i < warmUp; i++) {
      call.run();
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] latencies = new long[requests];
    long allocated0 = allocatedBytes();
    long cpu0 = os.getProcessCpuTime();
    for (int i = 0; i < requests; i++) {
      long t0 = System.nanoTime();
      call.run();
      latencies[i] = System.nanoTime() - t0;
    }
    long cpu = os.getProcessCpuTime() - cpu0;
    long allocated = allocatedBytes() - allocated0;
    Arrays.sort(latencies);

    int threads = 16;
    int perThread = Math.max(requests / 4, 50);
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            call.run();
          }
        } catch (Exception e) {
          failure.set(e);
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String more = extra.get();
    System.out.println(String.format(Locale.ROOT,
        "result median_us=%.1f p99_us=%.1f cpu_us=%.1f alloc_kib=%.1f rps=%.0f calls=%d%s",
        latencies[requests / 2] / 1e3, latencies[requests * 99 / 100] / 1e3, cpu / 1e3 / requests,
        allocated / 1024.0 / requests, threads * perThread / seconds, 1 + warmUp + requests + threads * perThread,
        more.isEmpty() ? "" : " " + more));
  }

  /** Bytes allocated by every live thread (the HTTP client's own threads included). */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      long bytes = threads.getThreadAllocatedBytes(id);
      if (bytes > 0) {
        total += bytes;
      }
    }
    return total;
  }
}
