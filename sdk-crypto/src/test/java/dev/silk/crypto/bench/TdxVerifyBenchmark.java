package dev.silk.crypto.bench;

import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxMeasurements;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import java.nio.charset.StandardCharsets;
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
 * Cost of verifying the real TDX quote: the quote alone (parse, PCK chain, QE report, binding,
 * quote signature) as the baseline, and what a client does for a descriptor: the quote, then
 * Intel's collateral (decode, two CRLs, the TCB signing chain, two document signatures, JSON,
 * TCB levels) and the policy: at first contact (a fresh verifier: nothing seen yet), and for a
 * known node's next descriptor (the verifier has seen its certificates, QE report and
 * collateral; only the quote's own signature is new in real life, and it is checked anew here). Run: see
 * sdk-crypto/BENCHMARKS.md (needs ../shared/test-vectors/tdx-quote-v4.dat).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TdxVerifyBenchmark {
  private byte[] quote;
  private AttestationEvidence evidence;
  private byte[] reportData;
  private TdxVerifier verifier;
  private byte[] imageHash;
  /** Every part of the collateral is current then (see src/test/resources/tdx/README.md). */
  private final Instant at = Instant.parse("2026-01-10T12:00:00Z");

  @Setup
  public void setUp() throws Exception {
    String root = System.getProperty("silk.root", "..");
    quote = TdxQuote.withoutZeroPadding(
        Files.readAllBytes(Paths.get(root, "..", "shared", "test-vectors", "tdx-quote-v4.dat")));
    String json = new String(Files.readAllBytes(
        Paths.get(root, "sdk-crypto", "src", "test", "resources", "tdx", "collateral-90c06f000000.json")),
        StandardCharsets.UTF_8);
    evidence = AttestationEvidence.of("tdx", quote, TdxCollateral.fromJson(json).encode());
    TdxMeasurements m = TdxQuote.parse(quote).measurements();
    reportData = m.reportData();
    imageHash = m.imageHash();
    verifier = TdxVerifier.builder().allowImageHash(imageHash).build();
    verifier.verify(evidence, reportData, at);
  }

  /** The quote alone, at first contact: the baseline (a fresh verifier). */
  @Benchmark
  public TdxMeasurements quoteOnly() throws Exception {
    return TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(quote), at);
  }

  @Benchmark
  public AttestationResult firstContact() throws Exception {
    return TdxVerifier.builder().allowImageHash(imageHash).build().verify(evidence, reportData, at);
  }

  @Benchmark
  public AttestationResult knownNode() throws Exception {
    return verifier.verify(evidence, reportData, at);
  }
}
