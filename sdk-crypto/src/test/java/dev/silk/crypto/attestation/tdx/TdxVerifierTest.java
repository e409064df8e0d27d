package dev.silk.crypto.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.testing.ByteChanges;
import dev.silk.crypto.testing.TestFiles;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real TDX quote from COCOON's tests (../shared/test-vectors/tdx-quote-v4.dat). */
class TdxVerifierTest {
  static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

  static byte[] quote() throws Exception {
    return TdxQuote.withoutZeroPadding(Files.readAllBytes(TestFiles.sharedVector("tdx-quote-v4.dat")));
  }

  /** Checks the quote alone: TdxCollateralTest covers the collateral. */
  private static TdxVerifier verifierAllowing(TdxMeasurements m) {
    return TdxVerifier.builder().allowImageHash(m.imageHash()).allowMissingCollateral().build();
  }

  @Test
  void realQuoteVerifiesAndShowsItsMeasurements() throws Exception {
    TdxQuote quote = TdxQuote.parse(quote());
    TdxMeasurements m = TdxVerifier.builder().build().verifyQuote(quote, AT);
    assertThat(Hex.encode(m.mrTd())).startsWith("7357a10d2e2724dffe68813e3cc4cfcd");
    assertThat(m.debug()).isFalse();
    assertThat(m.imageHash()).isEqualTo(Hashes.sha256(m.mrTd(), m.mrConfigId(), m.mrOwner(), m.mrOwnerConfig(),
        m.rtmr(0), m.rtmr(1), m.rtmr(2), m.rtmr(3)));
    assertThat(quote.pckChain()).hasSize(3);

    AttestationResult result = verifierAllowing(m)
        .verify(AttestationEvidence.of("tdx", quote(), new byte[0]), m.reportData(), AT);
    assertThat(result.insecure()).isFalse();
    assertThat(result.measurement()).isEqualTo(m.imageHash());
  }

  @Test
  void defaultVerifierPinsTheIntelRoot() throws Exception {
    assertThat(TdxVerifier.builder().build().pinnedRoot())
        .isEqualTo("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
    List<byte[]> chain = TdxQuote.parse(quote()).pckChain();
    assertThat(Hex.encode(Hashes.sha256(chain.get(chain.size() - 1)))).isEqualTo(TdxVerifier.INTEL_SGX_ROOT_CA_SHA256);
  }

  @Test
  void chainUnderAnotherRootIsRejected() throws Exception {
    TdxVerifier other = TdxVerifier.builderPinnedToTestRoot(Hashes.sha256(new byte[] {1})).build();
    assertReason(() -> other.verifyQuote(TdxQuote.parse(quote()), AT), ErrorCode.ATTESTATION_INVALID, "pinned root");
  }

  @Test
  void expiredPckCertificateIsRejected() throws Exception {
    assertReason(() -> TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(quote()),
        Instant.parse("2033-01-01T00:00:00Z")), ErrorCode.ATTESTATION_INVALID, "is not valid at");
    assertReason(() -> TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(quote()),
        Instant.parse("2025-01-01T00:00:00Z")), ErrorCode.ATTESTATION_INVALID, "is not valid at");
  }

  @Test
  void debugTdIsRejected() throws Exception {
    byte[] q = quote();
    q[TdxQuote.HEADER + 16 + 48 + 48 + 8] |= 1; // TD attributes bit 0
    assertReason(() -> TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(q), AT),
        ErrorCode.ATTESTATION_INVALID, "debug TD");
  }

  @Test
  void wrongReportDataBindingIsRejected() throws Exception {
    TdxMeasurements m = TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(quote()), AT);
    byte[] other = m.reportData();
    other[0] ^= 1;
    assertReason(() -> verifierAllowing(m).verify(AttestationEvidence.of("tdx", quote(), new byte[0]), other, AT),
        ErrorCode.ATTESTATION_INVALID, "report data");
  }

  @Test
  void measurementOutsideTheAllowListIsRejected() throws Exception {
    TdxMeasurements m = TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(quote()), AT);
    assertReason(() -> TdxVerifier.builder().allowImageHash(new byte[32]).build()
        .verify(AttestationEvidence.of("tdx", quote(), new byte[0]), m.reportData(), AT),
        ErrorCode.UNKNOWN_MEASUREMENT, "not allowed");
    // The MRTD alone may be allowed instead.
    TdxVerifier.builder().allowMrTd(m.mrTd()).allowMissingCollateral().build()
        .verify(AttestationEvidence.of("tdx", quote(), new byte[0]), m.reportData(), AT);
  }

  @Test
  void trailingBytesThatAreNotZeroPaddingAreRejected() throws Exception {
    byte[] q = quote();
    byte[] extended = Arrays.copyOf(q, q.length + 1);
    extended[q.length] = 7;
    assertReason(() -> TdxQuote.parse(TdxQuote.withoutZeroPadding(extended)), ErrorCode.MALFORMED, "signature data length");
    assertReason(() -> TdxQuote.parse(Arrays.copyOf(q, q.length + 3)), ErrorCode.MALFORMED, "signature data length");
  }

  /** Any single-byte change of the quote is rejected, unless it only reformats the PEM text. */
  @Test
  void anySingleByteChangeIsRejected() throws Exception {
    byte[] original = quote();
    for (int[] change : ByteChanges.of(original.length, 600)) {
      singleByteChange(original, change[0], change[1]);
    }
  }

  private static void singleByteChange(byte[] original, int offset, int xor) throws Exception {
    byte[] q = original.clone();
    q[offset] ^= (byte) xor;
    try {
      TdxVerifier.builder().build().verifyQuote(TdxQuote.parse(q), AT);
    } catch (SilkCryptoException rejected) {
      assertThat(rejected.code()).as("byte %d ^ %d (seed %x)", offset, xor, ByteChanges.SEED)
          .isIn(ErrorCode.MALFORMED, ErrorCode.ATTESTATION_INVALID, ErrorCode.UNSUPPORTED_VERSION);
      return;
    }
    // Accepted: only possible where the change did not touch a signed byte (PEM line breaks).
    List<byte[]> before = TdxQuote.parse(original).pckChain();
    List<byte[]> after = TdxQuote.parse(q).pckChain();
    assertThat(offset).as("accepted change at %d", offset).isGreaterThan(TdxQuote.SIGNED + 4 + 64 + 64 + 6 + 384 + 64);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).as("certificate %d unchanged", i).isEqualTo(before.get(i));
    }
  }

  @Test
  void everyTruncationIsRejected() throws Exception {
    byte[] q = quote();
    for (int cut = 0; cut < q.length; cut++) {
      int length = cut;
      assertThatThrownBy(() -> TdxQuote.parse(Arrays.copyOf(q, length))).as("cut to %d", length)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isIn(
              ErrorCode.MALFORMED, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.ATTESTATION_INVALID));
    }
  }

  static void assertReason(Call call, ErrorCode code, String reason) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(SilkCryptoException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(reason);
    });
  }

  interface Call {
    void run() throws Exception;
  }
}
