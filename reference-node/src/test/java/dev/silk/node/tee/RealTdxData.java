package dev.silk.node.tee;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.squareup.moshi.Moshi;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;

/**
 * The real quote (../shared, skipped without it unless SILK_CI=1) and Intel's real collateral for
 * its platform (sdk-crypto's test resources; provenance in their README).
 */
final class RealTdxData {
  /** Every part of the collateral is current then. */
  static final Instant CURRENT = Instant.parse("2026-01-10T12:00:00Z");

  private RealTdxData() {}

  static byte[] quote() throws Exception {
    Path path = root().resolve("../shared/test-vectors/tdx-quote-v4.dat").normalize();
    if (!Files.isRegularFile(path)) {
      if ("1".equals(System.getenv("SILK_CI"))) {
        fail(path + " is absent (SILK_CI=1 requires it)");
      }
      assumeTrue(false, path + " is absent: skipped");
    }
    return TdxQuote.withoutZeroPadding(Files.readAllBytes(path));
  }

  static Path collateralFile() {
    return root().resolve("sdk-crypto/src/test/resources/tdx/collateral-90c06f000000.json");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> collateralJson() throws Exception {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
        .fromJson(new String(Files.readAllBytes(collateralFile()), StandardCharsets.UTF_8));
  }

  private static Path root() {
    return Paths.get(System.getProperty("silk.root", "..")).toAbsolutePath();
  }

  /** TESTING ONLY: replays the recorded quote as if configfs-tsm had produced it. */
  static final class ReplayedQuoteForTests implements TdxAttester.QuoteSource {
    private final byte[] quote;

    ReplayedQuoteForTests(byte[] quote) {
      this.quote = quote.clone();
    }

    @Override
    public byte[] quote(byte[] reportData) {
      return quote.clone();
    }
  }
}
