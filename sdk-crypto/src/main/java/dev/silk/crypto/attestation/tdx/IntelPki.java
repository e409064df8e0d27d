package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.EcdsaP256;
import dev.silk.crypto.internal.Hashes;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * Intel's PKI as DCAP uses it: PEM chains, certificate chains up to a pinned root, CRLs, and
 * ECDSA P-256 signatures in Intel's raw {@code r || s} form. Every failure is a
 * {@link SilkCryptoException}; nothing from the JDK's parsers escapes. Stateless.
 */
final class IntelPki {
  /** ecdsa-with-SHA256, the only signature algorithm of Intel's attestation PKI. */
  static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

  /** How a signature is checked: directly, or through a verifier's {@link SignatureMemo}. */
  interface SignatureCheck {
    boolean verify(PublicKey key, byte[] message, byte[] rawSignature);
  }

  /** Every signature checked anew. */
  static final SignatureCheck DIRECT = (key, message, signature) -> EcdsaP256.get().verify(key, message, signature);

  private IntelPki() {}

  /** The certificates of a PEM chain (2 to 4, nothing else but whitespace and NUL padding), in DER. */
  static List<byte[]> pemCertificates(byte[] pem, String what) throws SilkCryptoException {
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    String begin = "-----BEGIN CERTIFICATE-----";
    String end = "-----END CERTIFICATE-----";
    while (true) {
      int b = text.indexOf(begin, at);
      if (b < 0) {
        break;
      }
      if (!text.substring(at, b).replace("\0", "").trim().isEmpty()) {
        throw malformed(what + ": text between PEM certificates");
      }
      int e = text.indexOf(end, b);
      if (e < 0) {
        throw malformed(what + ": unterminated PEM certificate");
      }
      try {
        out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
      } catch (IllegalArgumentException ex) {
        throw malformed(what + ": PEM certificate is not base64");
      }
      at = e + end.length();
    }
    if (out.size() < 2 || out.size() > 4 || !text.substring(at).replace("\0", "").trim().isEmpty()) {
      throw malformed(what + " must be 2-4 PEM certificates and nothing else");
    }
    return Collections.unmodifiableList(out);
  }

  /** Parses DER certificates, refusing bytes after a certificate's encoding. */
  static List<X509Certificate> certificates(List<byte[]> ders, String what) throws SilkCryptoException {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (byte[] der : ders) {
        X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        // The JDK parser stops at the end of the DER and ignores what follows: refuse such extras.
        if (!Arrays.equals(cert.getEncoded(), der)) {
          throw invalid(what + " has bytes after its DER encoding");
        }
        out.add(cert);
      }
      return out;
    } catch (CertificateException | RuntimeException e) {
      throw invalid(what + " does not parse");
    }
  }

  /** A DER CRL, refusing trailing bytes; its signature is checked by {@link #checkCrl}. */
  static X509CRL crl(byte[] der, String what) throws SilkCryptoException {
    try {
      X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
      if (!Arrays.equals(crl.getEncoded(), der)) {
        throw malformed(what + " has bytes after its DER encoding");
      }
      if (crl.getNextUpdate() == null) {
        throw malformed(what + " has no next update");
      }
      return crl;
    } catch (CRLException | CertificateException | RuntimeException e) {
      throw malformed(what + " does not parse");
    }
  }

  /**
   * Checks a chain, leaf first, ending at the root pinned by {@code pinnedRootSha256}: each
   * certificate valid at {@code now} and signed by the next, each issuer a CA. The pinned root
   * is trusted by its hash, so its self-signature proves nothing more and is not checked.
   */
  static void checkChain(List<X509Certificate> chain, byte[] pinnedRootSha256, Instant now, String what,
      SignatureCheck check) throws SilkCryptoException {
    X509Certificate root = chain.get(chain.size() - 1);
    try {
      if (!Hashes.constantTimeEquals(Hashes.sha256(root.getEncoded()), pinnedRootSha256)) {
        throw invalid(what + " does not end at the pinned root");
      }
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
            throw invalid(what + " is out of order or its issuer is not a CA");
          }
          if (!signedBy(cert.getSigAlgOID(), cert.getTBSCertificate(), cert.getSignature(), issuer, check)) {
            throw invalid(what + " signature does not verify");
          }
        }
      }
    } catch (SilkCryptoException e) {
      throw e;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid(what + " signature does not verify");
    }
  }

  /** Checks that {@code crl} was issued and signed by {@code issuer}. */
  static void checkCrl(X509CRL crl, X509Certificate issuer, String what, SignatureCheck check)
      throws SilkCryptoException {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw invalid(what + " is issued by '" + crl.getIssuerX500Principal().getName() + "', not by '"
          + issuer.getSubjectX500Principal().getName() + "'");
    }
    try {
      if (!signedBy(crl.getSigAlgOID(), crl.getTBSCertList(), crl.getSignature(), issuer, check)) {
        throw invalid(what + " signature does not verify");
      }
    } catch (CRLException | RuntimeException e) {
      throw invalid(what + " signature does not verify");
    }
  }

  private static boolean signedBy(String algorithm, byte[] signed, byte[] derSignature, X509Certificate issuer,
      SignatureCheck check) {
    byte[] raw = EcdsaP256.rawFromDer(derSignature);
    return ECDSA_SHA256.equals(algorithm) && raw != null && check.verify(issuer.getPublicKey(), signed, raw);
  }

  /** @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} if {@code crl} lists {@code cert} */
  static void checkNotRevoked(X509CRL crl, X509Certificate cert) throws SilkCryptoException {
    if (crl.isRevoked(cert)) {
      throw invalid("certificate '" + cert.getSubjectX500Principal().getName() + "' (serial "
          + cert.getSerialNumber().toString(16) + ") is revoked");
    }
  }

  /** The P-256 public key of a raw 64-byte {@code x || y} point. */
  static PublicKey p256Point(byte[] xy) throws SilkCryptoException {
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

  static SilkCryptoException invalid(String reason) {
    return new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "tdx: " + reason);
  }

  static SilkCryptoException malformed(String reason) {
    return new SilkCryptoException(ErrorCode.MALFORMED, "tdx: " + reason);
  }
}
