package dev.silk.crypto.attestation.ratls;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.internal.Hashes;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks a COCOON peer's RA-TLS certificate as COCOON's verifier does ({@code tee/cocoon/tdx.cpp},
 * {@code Verifier}), and then what Silk adds. COCOON's rules: one certificate (depth 0, no
 * chain), self-signed, an Ed25519 key, and no critical extension but the ones a TLS stack handles
 * and COCOON's two. Silk's: the self-signature and validity checked here, the user claims equal
 * to the certificate's key, and (policy {@link #tdx}) the TDX quote verified in pure Java by a
 * {@link TdxVerifier} (pinned Intel root, Intel's collateral, the image hash on its allow-list)
 * with report data = SHA-512 of the user claims, so the attested code holds this key.
 *
 * <p>COCOON's {@code any} policy (no quote at all) exists only as {@link #unattested()}, and says
 * so in the log each time it is built. Immutable and thread-safe.
 *
 * <pre>{@code
 * RaTlsVerifier proxies = RaTlsVerifier.tdx(TdxVerifier.builder().allowImageHash(hash).build(), pcs);
 * RaTlsPeer peer = proxies.verify(chain, Instant.now());
 * }</pre>
 */
public final class RaTlsVerifier {
  private static final Logger LOG = Logger.getLogger(RaTlsVerifier.class.getName());
  /** Extensions a TLS stack handles itself, which may therefore be critical. */
  private static final Set<String> HANDLED = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "2.5.29.19", // basicConstraints
      "2.5.29.15", // keyUsage
      "2.5.29.37", // extKeyUsage
      "2.5.29.17", // subjectAltName
      "2.5.29.14", // subjectKeyIdentifier
      "2.5.29.35"))); // authorityKeyIdentifier

  private final TdxVerifier tdx;
  private final CollateralSource collateral;

  private RaTlsVerifier(TdxVerifier tdx, CollateralSource collateral) {
    this.tdx = tdx;
    this.collateral = collateral;
  }

  /**
   * The default: the peer must carry a TDX quote that {@code verifier} accepts, with collateral
   * from {@code collateral}.
   */
  public static RaTlsVerifier tdx(TdxVerifier verifier, CollateralSource collateral) {
    return new RaTlsVerifier(Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(collateral,
        "collateral"));
  }

  /**
   * COCOON's {@code any}: the certificate's form is checked, its quote is not (there may be none).
   * INSECURE: nothing proves what code holds the key. For tests and for COCOON's client-facing
   * ports, which expect clients to present exactly such a certificate.
   */
  public static RaTlsVerifier unattested() {
    if (dev.silk.crypto.LoudWarnings.shouldLog("ra-tls-any")) {
      LOG.warning("Silk: INSECURE RA-TLS policy 'any': peers are not proven to run attested code");
    }
    return new RaTlsVerifier(null, null);
  }

  /** Whether this verifier checks attestation (false for {@link #unattested()}). */
  public boolean attests() {
    return tdx != null;
  }

  /**
   * Checks the certificate chain a peer presented.
   *
   * @param chain DER certificates as the TLS handshake carried them
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} for a malformed or
   *     inconsistent certificate, or the code of the TDX check that failed (with the reason)
   */
  public RaTlsPeer verify(List<byte[]> chain, Instant now) throws SilkCryptoException {
    if (chain.size() != 1) {
      throw RaTlsCertificate.invalid("a chain of " + chain.size() + " certificates (only one, self-signed)");
    }
    RaTlsCertificate cert = RaTlsCertificate.parse(chain.get(0));
    checkForm(cert, now);
    byte[] claims = cert.extension(RaTlsCertificate.TDX_USER_CLAIMS_OID);
    byte[] key = cert.publicKey();
    if (claims != null && !Hashes.constantTimeEquals(claims, key)) {
      throw RaTlsCertificate.invalid("user claims do not name the certificate's key");
    }
    byte[] quote = cert.extension(RaTlsCertificate.TDX_QUOTE_OID);
    if (tdx == null) {
      return new RaTlsPeer(key, null, null);
    }
    if (quote == null) {
      throw new SilkCryptoException(ErrorCode.ATTESTATION_REJECTED, "RA-TLS certificate carries no TDX quote");
    }
    if (quote.length > RaTlsCertificate.MAX_QUOTE) {
      throw RaTlsCertificate.invalid("quote larger than " + RaTlsCertificate.MAX_QUOTE + " bytes");
    }
    byte[] reportData = Hashes.sha512(key); // SHA-512 of the serialized user claims, which are the key
    if (Arrays.equals(quote, reportData)) {
      throw new SilkCryptoException(ErrorCode.ATTESTATION_REJECTED,
          "the quote is COCOON's fake_tdx test stand-in (SHA-512 of the key), not a TDX quote");
    }
    byte[] trimmed = TdxQuote.withoutZeroPadding(quote);
    TdxQuote parsed = TdxQuote.parse(trimmed);
    byte[] encodedCollateral;
    try {
      TdxCollateral fetched = collateral.fetch(parsed);
      encodedCollateral = fetched == null ? new byte[0] : fetched.encode();
    } catch (IOException e) {
      encodedCollateral = new byte[0]; // the verifier refuses it unless missing collateral is allowed
    }
    AttestationResult result = tdx.verify(AttestationEvidence.of(TdxVerifier.FORMAT, trimmed, encodedCollateral),
        reportData, now);
    return new RaTlsPeer(key, result.measurement(), result);
  }

  private static void checkForm(RaTlsCertificate cert, Instant now) throws SilkCryptoException {
    if (!RaTlsCertificate.ED25519_OID.equals(cert.keyAlgorithm()) || cert.publicKey().length != 32) {
      throw RaTlsCertificate.invalid("the key is not Ed25519");
    }
    if (!RaTlsCertificate.ED25519_OID.equals(cert.signatureAlgorithm())
        || !RaTlsCertificate.ED25519_OID.equals(cert.tbsSignatureAlgorithm())) {
      throw RaTlsCertificate.invalid("not signed with Ed25519");
    }
    if (!cert.selfIssued() || !cert.selfSignatureVerifies()) {
      throw RaTlsCertificate.invalid("not validly self-signed");
    }
    if (now.isBefore(cert.notBefore()) || now.isAfter(cert.notAfter())) {
      throw RaTlsCertificate.invalid("not valid at " + now + " (" + cert.notBefore() + " .. " + cert.notAfter() + ")");
    }
    for (RaTlsCertificate.Extension e : cert.extensions()) {
      if (e.critical() && !HANDLED.contains(e.oid()) && !RaTlsCertificate.TDX_QUOTE_OID.equals(e.oid())
          && !RaTlsCertificate.TDX_USER_CLAIMS_OID.equals(e.oid())) {
        throw RaTlsCertificate.invalid("unknown critical extension " + e.oid());
      }
    }
  }


  @Override
  public String toString() {
    return "RaTlsVerifier[" + (tdx == null ? "any (INSECURE)" : "tdx") + "]";
  }
}
