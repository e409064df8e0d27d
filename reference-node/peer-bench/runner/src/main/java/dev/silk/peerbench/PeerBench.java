package dev.silk.peerbench;

import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import dev.silk.node.keys.DevKeyStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Silk beside the OpenAI Java SDK (issue 22): one reference node (echo, zero delay, free, with
 * its plain OpenAI endpoint), each client in its own JVM with default settings, clients
 * alternating round by round so that the machine's noise hits all of them. Writes a Markdown
 * table of the medians over the rounds, the ratios to openai-java, and the goals.
 *
 * <p>Arguments: openai-java's classpath file and classes directory, the Silk client's classpath
 * file and classes directory, the Silk client's classpath file on OkHttp 5, the output file,
 * requests per measure, rounds.
 */
public final class PeerBench {
  static final String PROMPT = "Silk seals every prompt to an attested node, pays in TON and verifies each answer "
      + "before it returns";

  private PeerBench() {}

  /** A client under test: its name, main class, classpath and JVM options. */
  private static final class Client {
    final String name;
    final String mainClass;
    final String classpath;
    final List<String> jvmOptions;

    Client(String name, String mainClass, String classpath, String... jvmOptions) {
      this.name = name;
      this.mainClass = mainClass;
      this.classpath = classpath;
      this.jvmOptions = Arrays.asList(jvmOptions);
    }
  }

  public static void main(String[] args) throws Exception {
    String openAiClasspath = classpath(args[0]) + File.pathSeparator + args[1];
    String silkClasspath = classpath(args[2]) + File.pathSeparator + args[3];
    String silkOkHttp5Classpath = classpath(args[4]) + File.pathSeparator + args[3];
    Path out = Paths.get(args[5]);
    int requests = Integer.parseInt(args[6]);
    int rounds = Integer.parseInt(args[7]);
    String[] noAccelerators = {"-Dsilk.crypto.conscrypt=false", "-Dsilk.crypto.bouncycastle=false"};
    List<Client> clients = Arrays.asList(
        new Client("openai-java plain", "dev.silk.peerbench.OpenAiClientRun", openAiClasspath),
        new Client("Silk, no accelerators", "dev.silk.peerbench.SilkClientRun", silkClasspath, noAccelerators),
        new Client("Silk + Conscrypt + BC", "dev.silk.peerbench.SilkClientRun", silkClasspath),
        new Client("Silk on OkHttp 5, no accelerators", "dev.silk.peerbench.SilkClientRun", silkOkHttp5Classpath,
            noAccelerators));

    Path dir = Files.createTempDirectory("silk-peer-bench");
    NodeConfig config = NodeConfig.builder().dataDir(dir).port(0).benchmarkPlainEndpoint(true)
        .limits(l -> l.rateLimitPerSecond(1e6).rateLimitPerClient(1_000_000).maxInFlight(512)).build();
    Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
    double nodeCrypto;
    try (SilkNode node = SilkNode.start(config)) {
      // The node's side of the crypto, in this JVM (the node's), before any client runs.
      nodeCrypto = CryptoRound.measure(node.descriptor(), DevKeyStore.loadOrCreate(dir), PROMPT, requests).nodeMicros;
      for (int round = 1; round <= rounds; round++) {
        for (Client client : clients) {
          List<String> arguments = client.mainClass.endsWith("OpenAiClientRun")
              ? Arrays.asList(node.baseUrl() + "/v1/plain", String.valueOf(requests), PROMPT)
              : Arrays.asList(node.baseUrl(), String.valueOf(requests), PROMPT, dir.toString());
          Map<String, Double> measured = launch(client, arguments, dir.resolve("client.log"));
          if (client.mainClass.endsWith("SilkClientRun")) {
            measured.put("node_crypto_us", nodeCrypto);
          }
          results.computeIfAbsent(client.name, k -> new ArrayList<>()).add(measured);
          System.out.printf(Locale.ROOT, "round %d %-24s %s%n", round, client.name, measured);
        }
      }
    }
    String table = table(results, requests, rounds);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, table.getBytes(StandardCharsets.UTF_8));
    System.out.println(table);
  }

  /** A classpath file written by maven-dependency-plugin's build-classpath. */
  private static String classpath(String file) throws IOException {
    return new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8).trim();
  }

  /** Runs one client JVM; the cold start is from launching it to its first verified answer. */
  private static Map<String, Double> launch(Client client, List<String> arguments, Path log) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(client.jvmOptions);
    command.add("-cp");
    command.add(client.classpath);
    command.add(client.mainClass);
    command.addAll(arguments);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long nodeCpu0 = os.getProcessCpuTime();
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Map<String, Double> measured = new HashMap<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals("first-answer")) {
          measured.put("cold_ms", (System.nanoTime() - started) / 1e6);
        } else if (line.startsWith("result ")) {
          for (String pair : line.substring(7).split(" ")) {
            String[] kv = pair.split("=", 2);
            try {
              measured.put(kv[0], Double.parseDouble(kv[1]));
            } catch (NumberFormatException label) {
              // the engine's name: not a number
            }
          }
        }
      }
    }
    if (process.waitFor() != 0 || !measured.containsKey("rps")) {
      throw new IllegalStateException(client.name + " failed (exit " + process.exitValue() + "); see " + log);
    }
    // This JVM does nothing but host the node while a client runs: its CPU is the node's.
    measured.put("node_cpu_us", (os.getProcessCpuTime() - nodeCpu0) / 1e3 / measured.get("calls"));
    return measured;
  }

  private static double median(List<Map<String, Double>> runs, String key) {
    double[] values = runs.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN)).sorted().toArray();
    return values[values.length / 2];
  }

  private static String table(Map<String, List<Map<String, Double>>> results, int requests, int rounds) {
    List<String> names = new ArrayList<>(results.keySet());
    String base = names.get(0);
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Medians of %d rounds; %d sequential requests per measure after warm-up; "
        + "16 threads for throughput; JDK %s, %d cores.%n%n", rounds, requests, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors()));
    t.append("| measure |");
    names.forEach(n -> t.append(' ').append(n).append(" |"));
    t.append("\n|---|");
    names.forEach(n -> t.append("---|"));
    t.append('\n');
    String[][] rows = {
        {"median latency", "median_us", "µs"}, {"p99", "p99_us", "µs"}, {"client CPU per request", "cpu_us", "µs"},
        {"allocation per request", "alloc_kib", "KiB"}, {"throughput, 16 threads", "rps", "req/s"},
        {"cold start to first answer", "cold_ms", "ms"}, {"client crypto CPU per request", "crypto_us", "µs"},
        {"node CPU per request", "node_cpu_us", "µs"}, {"node crypto CPU per request", "node_crypto_us", "µs"}};
    for (String[] row : rows) {
      t.append("| ").append(row[0]).append(" |");
      double baseline = median(results.get(base), row[1]);
      for (String name : names) {
        double v = median(results.get(name), row[1]);
        if (Double.isNaN(v)) {
          t.append(" — |");
        } else if (name.equals(base) || Double.isNaN(baseline)) {
          t.append(String.format(Locale.ROOT, " %.1f %s |", v, row[2]));
        } else {
          t.append(String.format(Locale.ROOT, " %.1f %s (%.2f×) |", v, row[2], v / baseline));
        }
      }
      t.append('\n');
    }
    t.append("\nGoals (issue 22), per Silk column:\n\n");
    double baseMedian = median(results.get(base), "median_us");
    double baseCpu = median(results.get(base), "cpu_us");
    double baseAlloc = median(results.get(base), "alloc_kib");
    double baseNodeCpu = median(results.get(base), "node_cpu_us");
    for (String name : names.subList(1, names.size())) {
      List<Map<String, Double>> r = results.get(name);
      double median = median(r, "median_us");
      double crypto = median(r, "crypto_us");
      t.append(String.format(Locale.ROOT, "- %s: median %.0f µs vs ≤ %.0f µs (plain + 500) %s; CPU %.0f µs vs ≤ %.0f µs "
              + "(plain + 1.3 × crypto %.0f µs) %s; p99 %.0f µs vs ≤ %.0f µs (3 × median) %s; allocation %.1f KiB vs "
              + "≤ %.1f KiB (4 × plain) %s%n",
          name, median, baseMedian + 500, mark(median <= baseMedian + 500), median(r, "cpu_us"),
          baseCpu + 1.3 * crypto, crypto, mark(median(r, "cpu_us") <= baseCpu + 1.3 * crypto), median(r, "p99_us"),
          3 * median, mark(median(r, "p99_us") <= 3 * median), median(r, "alloc_kib"), 4 * baseAlloc,
          mark(median(r, "alloc_kib") <= 4 * baseAlloc)));
      double nodeCpu = median(r, "node_cpu_us");
      double nodeCrypto = median(r, "node_crypto_us");
      t.append(String.format(Locale.ROOT, "  node CPU %.0f µs vs ≤ %.0f µs (plain node %.0f + 1.3 × node crypto %.0f µs) %s%n",
          nodeCpu, baseNodeCpu + 1.3 * nodeCrypto, baseNodeCpu, nodeCrypto, mark(nodeCpu <= baseNodeCpu + 1.3 * nodeCrypto)));
    }
    return t.toString();
  }

  private static String mark(boolean met) {
    return met ? "(met)" : "(NOT met)";
  }
}
