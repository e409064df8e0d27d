package dev.silk.crypto.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ClientRoundBenchmark} pure Java and with Conscrypt, and reports the client round
 * against the sum of its primitives measured in the same run (target: at most 1.15x). Writes
 * the table to {@code sdk-crypto/target/benchmarks.md}. Arguments: {@code quick} for a short
 * smoke run.
 */
public final class BenchmarkMain {
  private static final String[] PRIMITIVES = {
    "primHpkeSeal", "primAesGcmOpen", "primHmacRequestAndResponse", "primHkdf", "primEd25519VerifyTink"
  };

  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = args.length > 0 && "quick".equals(args[0]);
    StringBuilder report = new StringBuilder();
    report.append("| mode | benchmark | µs/op | ± error |\n|---|---|---|---|\n");
    StringBuilder summary = new StringBuilder();
    for (String mode : new String[] {"pure-java", "conscrypt"}) {
      Map<String, double[]> scores = run(mode, quick);
      double sum = 0;
      for (String p : PRIMITIVES) {
        if (!scores.containsKey(p) || !scores.containsKey("clientRound")) {
          throw new IllegalStateException("benchmark " + p + " or clientRound produced no result: see the log above");
        }
        sum += scores.get(p)[0];
      }
      double round = scores.get("clientRound")[0];
      // The X-Wing round has the same primitives but its HPKE seal.
      double xwingSum = sum - scores.get("primHpkeSeal")[0] + scores.get("primXWingHpkeSeal")[0];
      double xwingRound = scores.get("clientRoundXWing")[0];
      for (Map.Entry<String, double[]> e : scores.entrySet()) {
        report.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", mode, e.getKey(),
            e.getValue()[0], e.getValue()[1]));
      }
      summary.append(String.format(Locale.ROOT,
          "%s: client round %.1f µs, sum of primitives %.1f µs, ratio %.3f (target <= 1.15)%n",
          mode, round, sum, round / sum));
      summary.append(String.format(Locale.ROOT,
          "%s: X-Wing client round %.1f µs, sum of primitives %.1f µs, ratio %.3f (target <= 1.15); "
              + "X-Wing costs %.1f µs more a round than X25519 (%.2fx)%n",
          mode, xwingRound, xwingSum, xwingRound / xwingSum, xwingRound - round, xwingRound / round));
    }
    String text = report + "\n" + summary;
    System.out.println(text);
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target/benchmarks.md"), text.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, double[]> run(String mode, boolean quick) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(ClientRoundBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 2 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .jvmArgsAppend("-Dsilk.crypto.conscrypt=" + ("conscrypt".equals(mode)),
            // The primitives below are Tink's; BouncyCastle's Ed25519 is measured in the load run.
            "-Dsilk.crypto.bouncycastle=false")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      scores.put(name.substring(name.lastIndexOf('.') + 1),
          new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    return scores;
  }
}
