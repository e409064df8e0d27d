package dev.silk.core.internal.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DiscoveryBenchmark} and writes its table to {@code sdk-core/target/benchmarks.md},
 * beside the targets. Not a unit test; see sdk-core/BENCHMARKS.md.
 */
public final class DiscoveryBenchmarkMain {
  private DiscoveryBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .include(DiscoveryBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(2))
        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
        .build();
    StringBuilder out = new StringBuilder("| benchmark | score | ± error | target |\n|---|---|---|---|\n");
    for (RunResult r : new Runner(options).run()) {
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String target = name.equals("choose") ? "< 1,000 µs" : name.equals("listRegistry") ? "< 2,000 ms" : "baseline";
      out.append(String.format(Locale.ROOT, "| %s (10,000 nodes) | %.1f %s | %.1f | %s |%n", name,
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit(), r.getPrimaryResult().getScoreError(),
          target));
    }
    System.out.println("BENCH-RESULT-BEGIN");
    System.out.print(out);
    System.out.println("BENCH-RESULT-END");
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target", "benchmarks.md"), out.toString().getBytes(UTF_8));
  }
}
