package dev.silk.crypto.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.silk.crypto.attestation.tdx.TdxVerifierTest.assertReason;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.ByteChanges;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real quote (../shared/test-vectors/tdx-quote-v4.dat) with Intel's real, signed collateral
 * for its platform (src/test/resources/tdx, provenance in its README).
 */
class TdxCollateralTest {
  /** Every part of the collateral is current then. */
  static final Instant CURRENT = Instant.parse("2026-01-10T12:00:00Z");
  /** The day the test was written: the TCB info and QE identity are ten months past their next update. */
  static final Instant LATE = Instant.parse("2026-11-25T12:00:00Z");

  static TdxCollateral collateral() throws Exception {
    return TdxCollateral.fromJson(resource("collateral-90c06f000000.json"));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = TdxCollateralTest.class.getResourceAsStream("/tdx/" + name)) {
      byte[] bytes = new byte[1 << 20];
      int n = 0;
      for (int r; (r = in.read(bytes, n, bytes.length - n)) > 0; ) {
        n += r;
      }
      return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
  }

  private static TdxQuote quote() throws Exception {
    return TdxQuote.parse(TdxVerifierTest.quote());
  }

  private static AttestationEvidence evidence(byte[] collateral) throws Exception {
    return AttestationEvidence.of("tdx", TdxVerifierTest.quote(), collateral);
  }

  private static TdxVerifier.Builder allowing() throws Exception {
    return TdxVerifier.builder().allowImageHash(quote().measurements().imageHash());
  }

  @Test
  void intelsCollateralRatesTheQuotesPlatformUpToDate() throws Exception {
    TdxTcbEvaluation tcb = TdxVerifier.builder().build().evaluateTcb(quote(), collateral(), CURRENT);
    assertThat(tcb.status()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.platformStatus()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.qeStatus()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.moduleStatus()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.advisoryIds()).isEmpty();
    assertThat(tcb.fmspc()).isEqualTo("90c06f000000").isEqualTo(quote().fmspc());
    assertThat(quote().pckCa()).isEqualTo("platform");
    assertThat(tcb.tcbDate()).isEqualTo(Instant.parse("2024-11-13T00:00:00Z"));
    assertThat(tcb.tcbEvaluationDataNumber()).isEqualTo(18);
    assertThat(tcb.collateralNextUpdate()).isEqualTo(Instant.parse("2026-02-02T04:48:12Z"));
    assertThat(tcb.collateralIssuedAt()).isEqualTo(Instant.parse("2026-10-08T00:28:26Z"));
  }

  @Test
  void theDefaultVerifierAcceptsItAndSaysUntilWhen() throws Exception {
    byte[] reportData = quote().measurements().reportData();
    AttestationResult result = allowing().build().verify(evidence(collateral().encode()), reportData, CURRENT);
    assertThat(result.insecure()).isFalse();
    assertThat(result.tcbStatus()).isEqualTo("UpToDate");
    assertThat(result.advisoryIds()).isEmpty();
    assertThat(result.validUntil()).contains(Instant.parse("2026-02-02T04:48:12Z"));
  }

  @Test
  void expiredCollateralIsRefusedUnlessAGracePeriodCoversIt() throws Exception {
    byte[] reportData = quote().measurements().reportData();
    assertReason(() -> allowing().build().verify(evidence(collateral().encode()), reportData, LATE),
        ErrorCode.ATTESTATION_REJECTED, "collateral expired at 2026-02-02T04:48:12Z");
    AttestationResult late = allowing().collateralGracePeriod(Duration.ofDays(365)).build()
        .verify(evidence(collateral().encode()), reportData, LATE);
    assertThat(late.tcbStatus()).isEqualTo("UpToDate");
    assertThat(late.validUntil()).contains(Instant.parse("2027-02-02T04:48:12Z"));
  }

  @Test
  void missingCollateralIsRefusedUnlessAllowed() throws Exception {
    byte[] reportData = quote().measurements().reportData();
    assertReason(() -> allowing().build().verify(evidence(new byte[0]), reportData, CURRENT),
        ErrorCode.ATTESTATION_REJECTED, "no collateral");
    AttestationResult unknown = allowing().allowMissingCollateral().build()
        .verify(evidence(new byte[0]), reportData, CURRENT);
    assertThat(unknown.tcbStatus()).isEqualTo(AttestationResult.TCB_UNKNOWN);
    // Without collateral only the certificates limit the result: the PCK certificate's end.
    assertThat(unknown.validUntil()).contains(Instant.parse("2032-07-20T11:37:12Z"));
  }

  @Test
  void anotherPlatformsTcbInfoIsRefused() throws Exception {
    // Genuine and signed by Intel, but for FMSPC b0c06f000000.
    @SuppressWarnings("unchecked")
    Map<String, Object> other = (Map<String, Object>) new com.squareup.moshi.Moshi.Builder().build()
        .adapter(Object.class).fromJson(resource("tcb-info-b0c06f000000.json"));
    TdxCollateral swapped = withTcbInfo((String) other.get("tcb_info"), Hex.decode((String) other.get("tcb_info_signature")));
    assertReason(() -> TdxVerifier.builder().build().evaluateTcb(quote(), swapped, CURRENT),
        ErrorCode.ATTESTATION_INVALID, "TCB info is for FMSPC b0c06f000000");
  }

  @Test
  void aSignatureMovedToTheOtherDocumentIsRefused() throws Exception {
    TdxCollateral c = collateral();
    TdxCollateral swapped = withTcbInfo(c.tcbInfo(), c.qeIdentitySignature());
    assertReason(() -> TdxVerifier.builder().build().evaluateTcb(quote(), swapped, CURRENT),
        ErrorCode.ATTESTATION_INVALID, "TCB info signature does not verify");
  }

  @Test
  void aVerifierThatHasSeenGoodCollateralStillRefusesAlteredCollateral() throws Exception {
    TdxVerifier verifier = allowing().build();
    byte[] reportData = quote().measurements().reportData();
    byte[] good = collateral().encode();
    verifier.verify(evidence(good), reportData, CURRENT);
    for (String part : new String[] {"\"UpToDate\"", "INTEL-SA-01036"}) {
      TdxCollateral c = collateral();
      TdxCollateral altered = withTcbInfo(c.tcbInfo().replaceFirst(part, part.replace('U', 'u').replace('1', '2')),
          c.tcbInfoSignature());
      assertReason(() -> verifier.verify(evidence(altered.encode()), reportData, CURRENT), ErrorCode.ATTESTATION_INVALID,
          "TCB info signature does not verify");
    }
    verifier.verify(evidence(good), reportData, CURRENT);
  }

  @Test
  void pcsResponsesGiveTheSameCollateral() throws Exception {
    TdxCollateral c = collateral();
    // What Intel's PCS v4 sends: the document and its signature in one body, chains URL-encoded in headers.
    String tcbBody = "{\"tcbInfo\":" + c.tcbInfo() + ",\"signature\":\"" + Hex.encode(c.tcbInfoSignature()) + "\"}";
    String qeBody = "{\"enclaveIdentity\":" + c.qeIdentity() + ",\"signature\":\""
        + Hex.encode(c.qeIdentitySignature()) + "\"}";
    String chainHeader = percentEncoded(c.tcbInfoIssuerChain());
    TdxCollateral fromPcs = TdxCollateral.builder()
        .tcbInfoResponse(tcbBody, chainHeader)
        .qeIdentityResponse(qeBody, chainHeader)
        .pckCrl(c.pckCrl(), percentEncoded(c.pckCrlIssuerChain()))
        .rootCaCrl(c.rootCaCrl())
        .build();
    assertThat(fromPcs).isEqualTo(c);
    assertThatThrownBy(() -> TdxCollateral.builder().tcbInfoResponse("{\"tcbInfo\":{}}", chainHeader))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PCS tcbInfo response");
  }

  @Test
  void encodingAndJsonRoundTrip() throws Exception {
    TdxCollateral c = collateral();
    assertThat(TdxCollateral.decode(c.encode())).isEqualTo(c);
    assertThat(TdxCollateral.fromJson(c.toJson())).isEqualTo(c);
    byte[] encoded = c.encode();
    assertThat(encoded[0] << 8 | encoded[1]).isEqualTo(TdxCollateral.VERSION);
    byte[] v2 = encoded.clone();
    v2[1] = 2;
    assertReason(() -> TdxCollateral.decode(v2), ErrorCode.UNSUPPORTED_VERSION, "tdx collateral version 2");
    assertReason(() -> TdxCollateral.fromJson("{\"pck_crl\":\"00\"}"), ErrorCode.MALFORMED, "'pck_crl_issuer_chain'");
    assertReason(() -> TdxCollateral.fromJson("{\"a\":1} x"), ErrorCode.MALFORMED, "not valid JSON");
  }

  /**
   * Any single-byte change anywhere in the encoded collateral is refused, unless it only
   * reformats the PEM text of a chain (the certificates themselves unchanged).
   */
  @Test
  void anySingleByteChangeIsRefused() throws Exception {
    byte[] original = collateral().encode();
    for (int[] change : ByteChanges.of(original.length, 400)) {
      singleByteChange(original, change[0], change[1]);
    }
  }

  private void singleByteChange(byte[] original, int offset, int xor) throws Exception {
    byte[] changed = original.clone();
    changed[offset] ^= (byte) xor;
    TdxVerifier verifier = allowing().build();
    try {
      verifier.verify(evidence(changed), quote().measurements().reportData(), CURRENT);
    } catch (SilkCryptoException refused) {
      assertThat(refused.code()).as("byte %d ^ %d (seed %x)", offset, xor, ByteChanges.SEED)
          .isIn(ErrorCode.MALFORMED, ErrorCode.ATTESTATION_INVALID, ErrorCode.UNSUPPORTED_VERSION);
      return;
    }
    assertThat(chainField(original, offset)).as("accepted change at %d is inside a PEM chain", offset).isTrue();
    TdxCollateral a = TdxCollateral.decode(original);
    TdxCollateral b = TdxCollateral.decode(changed);
    for (byte[][] pair : new byte[][][] {{a.pckCrlIssuerChain(), b.pckCrlIssuerChain()},
        {a.tcbInfoIssuerChain(), b.tcbInfoIssuerChain()}, {a.qeIdentityIssuerChain(), b.qeIdentityIssuerChain()}}) {
      List<byte[]> before = IntelPki.pemCertificates(pair[0], "before");
      List<byte[]> after = IntelPki.pemCertificates(pair[1], "after");
      assertThat(after).hasSameSizeAs(before);
      for (int i = 0; i < before.size(); i++) {
        assertThat(after.get(i)).isEqualTo(before.get(i));
      }
    }
  }

  @Test
  void everyTruncationAndExtensionIsRefused() throws Exception {
    byte[] encoded = collateral().encode();
    for (int cut = 0; cut < encoded.length; cut++) {
      int length = cut;
      assertReason(() -> TdxCollateral.decode(Arrays.copyOf(encoded, length)), ErrorCode.MALFORMED, "");
    }
    for (int extra = 1; extra <= 64; extra++) {
      int length = encoded.length + extra;
      assertReason(() -> TdxCollateral.decode(Arrays.copyOf(encoded, length)), ErrorCode.MALFORMED, "");
    }
  }

  /** The real collateral with another TCB info text and signature (same signer chain). */
  private static TdxCollateral withTcbInfo(String tcbInfo, byte[] signature) throws Exception {
    TdxCollateral c = collateral();
    return TdxCollateral.builder()
        .tcbInfo(tcbInfo, signature, new String(c.tcbInfoIssuerChain(), StandardCharsets.US_ASCII))
        .qeIdentity(c.qeIdentity(), c.qeIdentitySignature(), new String(c.qeIdentityIssuerChain(), StandardCharsets.US_ASCII))
        .pckCrl(c.pckCrl(), new String(c.pckCrlIssuerChain(), StandardCharsets.US_ASCII))
        .rootCaCrl(c.rootCaCrl())
        .build();
  }

  /** As Intel's PCS encodes issuer chains: {@code -----BEGIN%20CERTIFICATE-----%0AMII...%2B...}. */
  private static String percentEncoded(byte[] pem) throws Exception {
    return java.net.URLEncoder.encode(new String(pem, StandardCharsets.US_ASCII), "UTF-8").replace("+", "%20");
  }

  /** Whether {@code offset} of the encoding falls inside the text of one of the three PEM chains. */
  private static boolean chainField(byte[] encoded, int offset) throws SilkCryptoException {
    ByteReader in = new ByteReader(encoded, "collateral");
    in.u16("version");
    String[] fields = {"pck chain", "root crl", "pck crl", "tcb chain", "tcb info", "tcb sig", "qe chain", "qe", "qe sig"};
    for (String field : fields) {
      int start = in.position();
      if (field.endsWith("sig")) {
        in.fixed(64, field);
      } else {
        in.bytes(1 << 20, field);
      }
      if (offset >= start + 4 && offset < in.position() && field.endsWith("chain")) {
        return true;
      }
    }
    return false;
  }
}
