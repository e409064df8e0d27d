package dev.silk.crypto.bench;

import dev.silk.crypto.attestation.tdx.TdxMeasurements;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of verifying the real TDX quote (parse, PCK chain, QE report, binding, quote signature).
 * Run: see sdk-crypto/BENCHMARKS.md (needs ../shared/test-vectors/tdx-quote-v4.dat).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TdxVerifyBenchmark {
  private byte[] quote;
  private TdxVerifier verifier;
  private final Instant at = Instant.parse("2026-11-25T12:00:00Z");

  @Setup
  public void setUp() throws Exception {
    String root = System.getProperty("silk.root", "..");
    quote = TdxQuote.withoutZeroPadding(
        Files.readAllBytes(Paths.get(root, "..", "shared", "test-vectors", "tdx-quote-v4.dat")));
    verifier = TdxVerifier.builder().build();
  }

  @Benchmark
  public TdxMeasurements verifyQuote() throws Exception {
    return verifier.verifyQuote(TdxQuote.parse(quote), at);
  }
}
