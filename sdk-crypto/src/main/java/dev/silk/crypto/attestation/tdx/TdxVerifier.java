package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.AttestationVerifier;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.internal.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies {@code tdx} attestation in pure Java: the PCK certificate chain up to the pinned
 * Intel SGX Root CA and its validity at the given instant, the QE report signature by the PCK
 * key, the binding of the attestation key and QE authentication data into the QE report, the
 * quote signature by the attestation key, debug TDs refused, the report data equal to the
 * descriptor's key binding, and the measurement on an allow-list (image hash or MRTD).
 * Collateral (TCB info, QE identity, CRLs) is not checked yet: the TCB status is reported as
 * unknown, which the caller's policy accepts by using this verifier. Immutable and thread-safe.
 *
 * <pre>{@code
 * AttestationPolicy policy = AttestationPolicy.builder()
 *     .addVerifier(TdxVerifier.builder().allowImageHash(imageHash).build())
 *     .build();
 * }</pre>
 */
public final class TdxVerifier implements AttestationVerifier {
  /** The format name. */
  public static final String FORMAT = "tdx";
  /** SHA-256 of the DER of Intel SGX Root CA (CN=Intel SGX Root CA, 2018-05-21 to 2049-12-31). */
  public static final String INTEL_SGX_ROOT_CA_SHA256 =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  private final byte[] pinnedRootSha256;
  private final Set<String> allowedImageHashes;
  private final Set<String> allowedMrTds;

  private TdxVerifier(Builder b) {
    this.pinnedRootSha256 = b.pinnedRootSha256;
    this.allowedImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.imageHashes));
    this.allowedMrTds = Collections.unmodifiableSet(new LinkedHashSet<>(b.mrTds));
  }

  /** A verifier pinned to the Intel SGX Root CA. */
  public static Builder builder() {
    return new Builder(Hex.decode(INTEL_SGX_ROOT_CA_SHA256));
  }

  /** For tests only: a verifier pinned to another root (by the SHA-256 of its DER). */
  public static Builder builderPinnedToTestRoot(byte[] rootDerSha256) {
    if (Objects.requireNonNull(rootDerSha256, "rootDerSha256").length != 32) {
      throw new IllegalArgumentException("a SHA-256 is 32 bytes");
    }
    return new Builder(rootDerSha256.clone());
  }

  /** The pinned root's SHA-256, hex. */
  public String pinnedRoot() {
    return Hex.encode(pinnedRootSha256);
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
      throws SilkCryptoException {
    TdxMeasurements m = verifyQuote(TdxQuote.parse(evidence.evidence()), now);
    if (!Hashes.constantTimeEquals(m.reportData(), expectedReportData)) {
      throw invalid("report data does not bind the descriptor's keys, epoch and expiry");
    }
    String image = Hex.encode(m.imageHash());
    if (!allowedImageHashes.contains(image) && !allowedMrTds.contains(Hex.encode(m.mrTd()))) {
      throw new SilkCryptoException(ErrorCode.UNKNOWN_MEASUREMENT, "image hash " + image + " is not allowed");
    }
    return AttestationResult.measured(FORMAT, m.imageHash());
  }

  /**
   * Checks everything but the report data and the allow-list: chain to the pinned root valid at
   * {@code now}, QE report signature and binding, quote signature, not a debug TD.
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} with the reason
   */
  public TdxMeasurements verifyQuote(TdxQuote quote, Instant now) throws SilkCryptoException {
    if (quote.measurements().debug()) {
      throw invalid("debug TD: its memory is readable by the host");
    }
    List<X509Certificate> chain = chain(quote.pckChain());
    checkChain(chain, now);
    if (!ecdsaP256(chain.get(0).getPublicKey(), quote.qeReport(), quote.qeReportSignature())) {
      throw invalid("QE report is not signed by the PCK certificate");
    }
    byte[] reportData = Arrays.copyOfRange(quote.qeReport(), 320, 384);
    byte[] expected = Hashes.sha256(quote.attestationKey(), quote.qeAuthData());
    if (!Arrays.equals(Arrays.copyOf(reportData, 32), expected)
        || !Arrays.equals(Arrays.copyOfRange(reportData, 32, 64), new byte[32])) {
      throw invalid("QE report does not bind the attestation key");
    }
    if (!ecdsaP256(attestationKey(quote.attestationKey()), quote.signedPart(), quote.quoteSignature())) {
      throw invalid("quote signature does not verify under the attestation key");
    }
    return quote.measurements();
  }

  private void checkChain(List<X509Certificate> chain, Instant now) throws SilkCryptoException {
    X509Certificate root = chain.get(chain.size() - 1);
    try {
      if (!Hashes.constantTimeEquals(Hashes.sha256(root.getEncoded()), pinnedRootSha256)) {
        throw invalid("certificate chain does not end at the pinned root");
      }
      root.verify(root.getPublicKey());
      for (int i = 0; i < chain.size(); i++) {
        X509Certificate cert = chain.get(i);
        try {
          cert.checkValidity(new Date(now.toEpochMilli()));
        } catch (CertificateException e) {
          throw invalid("certificate '" + cert.getSubjectX500Principal().getName() + "' is not valid at " + now);
        }
        if (i + 1 < chain.size()) {
          X509Certificate issuer = chain.get(i + 1);
          if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || issuer.getBasicConstraints() < 0) {
            throw invalid("certificate chain is out of order or its issuer is not a CA");
          }
          cert.verify(issuer.getPublicKey());
        }
      }
    } catch (SilkCryptoException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw invalid("certificate chain signature does not verify");
    }
  }

  private static List<X509Certificate> chain(List<byte[]> ders) throws SilkCryptoException {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (byte[] der : ders) {
        X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        // The JDK parser stops at the end of the DER and ignores what follows: refuse such extras.
        if (!Arrays.equals(cert.getEncoded(), der)) {
          throw invalid("PCK certificate has bytes after its DER encoding");
        }
        out.add(cert);
      }
      return out;
    } catch (CertificateException | RuntimeException e) {
      throw invalid("PCK certificate does not parse");
    }
  }

  private static PublicKey attestationKey(byte[] xy) throws SilkCryptoException {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOf(xy, 32)), new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid("attestation key is not a P-256 point");
    }
  }

  /** ECDSA P-256 / SHA-256 with the quote's raw {@code r || s} signature. */
  private static boolean ecdsaP256(PublicKey key, byte[] message, byte[] rawSignature) throws SilkCryptoException {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(der(rawSignature));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } from 64 raw bytes. */
  static byte[] der(byte[] raw) {
    byte[] r = integer(Arrays.copyOf(raw, 32));
    byte[] s = integer(Arrays.copyOfRange(raw, 32, 64));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(r.length + s.length);
    out.write(r, 0, r.length);
    out.write(s, 0, s.length);
    return out.toByteArray();
  }

  private static byte[] integer(byte[] unsigned) {
    int start = 0;
    while (start < unsigned.length - 1 && unsigned[start] == 0) {
      start++;
    }
    boolean pad = (unsigned[start] & 0x80) != 0;
    byte[] out = new byte[2 + (pad ? 1 : 0) + unsigned.length - start];
    out[0] = 0x02;
    out[1] = (byte) (out.length - 2);
    System.arraycopy(unsigned, start, out, pad ? 3 : 2, unsigned.length - start);
    return out;
  }

  private static SilkCryptoException invalid(String reason) {
    return new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "tdx: " + reason);
  }

  /** Builds a {@link TdxVerifier}; not thread-safe. */
  public static final class Builder {
    private final byte[] pinnedRootSha256;
    private final Set<String> imageHashes = new LinkedHashSet<>();
    private final Set<String> mrTds = new LinkedHashSet<>();

    private Builder(byte[] pinnedRootSha256) {
      this.pinnedRootSha256 = pinnedRootSha256;
    }

    /** Accepts TDs whose COCOON-style image hash (32 bytes) is this one. */
    public Builder allowImageHash(byte[] imageHash) {
      if (Objects.requireNonNull(imageHash, "imageHash").length != 32) {
        throw new IllegalArgumentException("an image hash is 32 bytes");
      }
      imageHashes.add(Hex.encode(imageHash));
      return this;
    }

    /** Accepts TDs with this MRTD (48 bytes), whatever their RTMRs. */
    public Builder allowMrTd(byte[] mrTd) {
      if (Objects.requireNonNull(mrTd, "mrTd").length != 48) {
        throw new IllegalArgumentException("an MRTD is 48 bytes");
      }
      mrTds.add(Hex.encode(mrTd));
      return this;
    }

    public TdxVerifier build() {
      return new TdxVerifier(this);
    }
  }
}
