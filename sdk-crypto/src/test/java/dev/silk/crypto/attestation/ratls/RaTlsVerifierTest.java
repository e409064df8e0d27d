package dev.silk.crypto.attestation.ratls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.SyntheticTdx;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.internal.DerWriter;
import dev.silk.crypto.internal.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RA-TLS certificates as COCOON's {@code gen-cert} writes them (from {@code ../shared/cocoon}) and
 * as a TDX proxy would present them (real quote shape, synthetic Intel-shaped PKI): what COCOON's
 * verifier accepts and refuses, the quote checked as Silk does, and every single-bit change refused.
 */
class RaTlsVerifierTest {
  /** Within the shared certificates' one-day validity (2026-12-02T01:28:48Z + 1 day). */
  private static final Instant SHARED_AT = Instant.parse("2026-12-02T12:00:00Z");
  private static SyntheticTdx pki;
  private static TdxCollateral collateral;
  private static byte[] imageHash;

  @BeforeAll
  static void pki() throws Exception {
    pki = new SyntheticTdx();
    collateral = pki.collateral().build();
    imageHash = TdxQuote.parse(pki.quote(new SyntheticTdx.Td())).measurements().imageHash();
  }

  static byte[] shared(String name) throws Exception {
    Path file = dev.silk.crypto.testing.TestFiles.sharedCocoon("certs/" + name);
    String pem = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.US_ASCII);
    return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static RaTlsVerifier tdx() throws Exception {
    return tdx(pki.verifier().allowImageHash(imageHash).build());
  }

  private static RaTlsVerifier tdx(TdxVerifier verifier) {
    return RaTlsVerifier.tdx(verifier, quote -> collateral);
  }

  /** A proxy identity whose quote binds its key, as a real COCOON proxy's. */
  private static RaTlsIdentity.Builder proxy(java.util.function.Consumer<SyntheticTdx.Td> td) {
    return RaTlsIdentity.builder().validity(SyntheticTdx.AT.minusSeconds(3600), Duration.ofDays(1))
        .quote(reportData -> {
          SyntheticTdx.Td t = new SyntheticTdx.Td();
          t.reportData = reportData;
          td.accept(t);
          try {
            return pki.quote(t);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static SilkCryptoException refused(RaTlsVerifier verifier, byte[] cert, Instant at) {
    try {
      verifier.verify(Collections.singletonList(cert), at);
    } catch (SilkCryptoException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void cocoonsGenCertCertificatesParseAndTheirFakeQuotesAreRefusedWithTheReason() throws Exception {
    byte[] proxy = shared("proxy_fake_cert.pem");
    RaTlsCertificate cert = RaTlsCertificate.parse(proxy);
    assertThat(cert.version()).as("gen-cert writes X.509 v1 with extensions").isEqualTo(1);
    assertThat(cert.extensions()).hasSize(7);
    assertThat(cert.extension(RaTlsCertificate.TDX_QUOTE_OID)).hasSize(64);
    assertThat(RaTlsVerifier.unattested().verify(Collections.singletonList(proxy), SHARED_AT).publicKey())
        .isEqualTo(cert.publicKey());
    SilkCryptoException fake = refused(tdx(), proxy, SHARED_AT);
    assertThat(fake.code()).isEqualTo(ErrorCode.ATTESTATION_REJECTED);
    assertThat(fake.getMessage()).contains("fake_tdx");

    byte[] client = shared("client_none_cert.pem");
    assertThat(RaTlsVerifier.unattested().verify(Collections.singletonList(client), SHARED_AT).attested()).isFalse();
    assertThat(refused(tdx(), client, SHARED_AT).getMessage()).contains("no TDX quote");
    assertThat(RaTlsCertificate.parse(shared("client_fake_v3_cert.pem")).version()).isEqualTo(3);

    assertThat(refused(RaTlsVerifier.unattested(), proxy, Instant.parse("2026-12-03T02:00:00Z")).getMessage())
        .contains("not valid at");
    assertThat(refused(RaTlsVerifier.unattested(), proxy, Instant.parse("2026-12-02T01:00:00Z")).getMessage())
        .contains("not valid at");
  }

  /**
   * Why Silk's COCOON client runs BouncyCastle's TLS and not JSSE: JSSE parses the peer's
   * certificate with the JDK's X.509 factory before any trust manager sees it, and that factory
   * refuses gen-cert's X.509 v1 certificates with extensions (so does BouncyCastle's ASN.1
   * certificate class). BouncyCastle's TLS API hands the chain over as raw bytes without parsing
   * it, and Silk's own parser takes them (the handshake itself: RealRouterTest in sdk-core).
   */
  @Test
  void jsseCannotTakeCocoonsCertificatesAndBouncyCastlesTlsCan() throws Exception {
    byte[] proxy = shared("proxy_fake_cert.pem");
    java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> x509.generateCertificate(
        new java.io.ByteArrayInputStream(proxy))).isInstanceOf(java.security.cert.CertificateException.class);
    assertThat(RaTlsCertificate.parse(proxy).version()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.bouncycastle.asn1.x509.Certificate.getInstance(proxy))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Every bit of COCOON's own certificate (gen-cert's proxy, X.509 v1 with extensions) and of the
   * one Silk's client presents: any flip is refused with a typed error, none accepted. Checked
   * under the unattested policy, so the certificate's form and signature alone decide.
   */
  @Test
  void everyBitOfACertificateIsChecked() throws Exception {
    byte[] genCert = shared("proxy_fake_cert.pem");
    byte[] ours = RaTlsIdentity.builder().validity(SHARED_AT.minusSeconds(60), Duration.ofDays(1)).build()
        .certificate();
    RaTlsVerifier any = RaTlsVerifier.unattested();
    for (byte[] good : java.util.Arrays.asList(genCert, ours)) {
      any.verify(Collections.singletonList(good), SHARED_AT);
      for (int bit = 0; bit < good.length * 8; bit++) {
        byte[] bad = good.clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        try {
          any.verify(Collections.singletonList(bad), SHARED_AT);
          throw new AssertionError("a certificate with bit " + bit + " flipped was accepted");
        } catch (SilkCryptoException expected) {
          assertThat(expected.code()).isIn(ErrorCode.ATTESTATION_INVALID, ErrorCode.ATTESTATION_REJECTED,
              ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE);
        }
      }
    }
  }

  @Test
  void aProxyWhoseQuoteBindsItsKeyIsAccepted() throws Exception {
    for (boolean genCertShape : new boolean[] {false, true}) {
      RaTlsIdentity.Builder b = proxy(td -> { });
      RaTlsIdentity identity = (genCertShape ? b.asCocoonGenCert() : b).build();
      RaTlsPeer peer = tdx().verify(Collections.singletonList(identity.certificate()), SyntheticTdx.AT);
      assertThat(peer.attested()).isTrue();
      assertThat(peer.publicKey()).isEqualTo(identity.publicKey());
      assertThat(peer.imageHash()).contains(imageHash);
      assertThat(peer.attestation().get().tcbStatus()).isEqualTo("UpToDate");
    }
  }

  @Test
  void everyRuleOfCocoonsVerifierAndSilksRefuses() throws Exception {
    Instant at = SyntheticTdx.AT;
    // The quote binds another key: report data is not SHA-512 of this certificate's claims.
    byte[] otherKey = new byte[32];
    byte[] stolen = proxy(td -> td.reportData = Hashes.sha512(otherKey)).build().certificate();
    assertThat(refused(tdx(), stolen, at).code()).isEqualTo(ErrorCode.ATTESTATION_INVALID);
    // An image hash the root config does not list.
    SilkCryptoException unlisted = refused(tdx(pki.verifier().allowImageHash(new byte[32]).build()),
        proxy(td -> { }).build().certificate(), at);
    assertThat(unlisted.code()).isEqualTo(ErrorCode.UNKNOWN_MEASUREMENT);
    // A debug TD.
    byte[] debug = proxy(td -> td.tdAttributes = new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}).build().certificate();
    assertThat(refused(tdx(), debug, at).getMessage()).containsIgnoringCase("debug");
    // An unknown critical extension, which COCOON's verifier refuses too.
    byte[] extra = proxy(td -> { }).extraExtension("1.3.6.1.4.1.12345.3", true, new byte[] {1}).build().certificate();
    assertThat(refused(tdx(), extra, at).getMessage()).contains("unknown critical extension 1.3.6.1.4.1.12345.3");
    assertThat(tdx().verify(Collections.singletonList(proxy(td -> { })
        .extraExtension("1.3.6.1.4.1.12345.3", false, new byte[] {1}).build().certificate()), at).attested())
        .as("a non-critical unknown extension is ignored, as by COCOON").isTrue();
    // Claims that name another key.
    byte[] claims = proxy(td -> { }).alterSignedBytes(tbs -> replaceClaims(tbs)).build().certificate();
    assertThat(refused(tdx(), claims, at).getMessage()).contains("user claims");
    // Expired, and not yet valid.
    byte[] ok = proxy(td -> { }).build().certificate();
    assertThat(refused(tdx(), ok, at.plus(Duration.ofDays(2))).getMessage()).contains("not valid at");
    assertThat(refused(tdx(), ok, at.minus(Duration.ofDays(1))).getMessage()).contains("not valid at");
    // A chain: depth 0 only.
    assertThatThrownBy(() -> tdx().verify(Arrays.asList(ok, ok), at)).isInstanceOf(SilkCryptoException.class)
        .hasMessageContaining("only one");
    assertThatThrownBy(() -> tdx().verify(Collections.<byte[]>emptyList(), at))
        .isInstanceOf(SilkCryptoException.class);
    // No collateral: refused by default, like any TDX node of Silk's.
    SilkCryptoException noCollateral = refused(RaTlsVerifier.tdx(pki.verifier().allowImageHash(imageHash).build(),
        quote -> { throw new java.io.IOException("PCS unreachable"); }), ok, at);
    assertThat(noCollateral.code()).isEqualTo(ErrorCode.ATTESTATION_REJECTED);
  }

  /** Replaces the user-claims extension's 32-byte value (the key) with zeros. */
  private static byte[] replaceClaims(byte[] tbs) {
    byte[] marker = DerWriter.oid(RaTlsCertificate.TDX_USER_CLAIMS_OID);
    byte[] out = tbs.clone();
    for (int i = 0; i + marker.length < out.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(out, i, i + marker.length), marker)) {
        int value = i + marker.length + 3 + 2; // BOOLEAN TRUE (3 bytes), OCTET STRING header (2 bytes)
        Arrays.fill(out, value, value + 32, (byte) 0);
        return out;
      }
    }
    throw new AssertionError("no user claims");
  }

  @Test
  void everySingleBitChangeOfACertificateIsRefused() throws Exception {
    List<byte[]> certificates = Arrays.asList(shared("proxy_fake_cert.pem"),
        proxy(td -> { }).asCocoonGenCert().build().certificate());
    for (byte[] original : certificates) {
      RaTlsCertificate cert = RaTlsCertificate.parse(original);
      boolean attested = cert.extension(RaTlsCertificate.TDX_QUOTE_OID).length > 64;
      RaTlsVerifier verifier = attested ? tdx() : RaTlsVerifier.unattested();
      Instant at = attested ? SyntheticTdx.AT : SHARED_AT;
      verifier.verify(Collections.singletonList(original), at);
      int accepted = 0;
      for (int bit = 0; bit < original.length * 8; bit++) {
        byte[] changed = original.clone();
        changed[bit / 8] ^= (byte) (1 << (bit % 8));
        try {
          verifier.verify(Collections.singletonList(changed), at);
          accepted++;
        } catch (SilkCryptoException expected) {
          assertThat(expected.code()).isIn(ErrorCode.ATTESTATION_INVALID, ErrorCode.ATTESTATION_REJECTED,
              ErrorCode.UNKNOWN_MEASUREMENT);
        }
      }
      assertThat(accepted).as("single-bit changes accepted, of %d bits", original.length * 8).isZero();
    }
  }
}
