package dev.silk.crypto.attestation.ratls;

import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.internal.DerWriter;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.signature.Ed25519Engine;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An Ed25519 TLS key and its self-signed RA-TLS certificate, shaped as COCOON's
 * {@code generate_tdx_self_signed_cert} makes them: the user claims (the raw public key) and,
 * when there is one, the TDX quote over SHA-512 of the claims, both critical; CA:FALSE, digital
 * signature, server and client authentication, all critical; subject key identifier; localhost
 * names. A Silk client presents one to a COCOON proxy; the COCOON test proxy serves one. The key
 * signs only TLS handshakes; {@link #toString()} never shows it. Immutable and thread-safe.
 *
 * <pre>{@code
 * RaTlsIdentity client = RaTlsIdentity.builder().build();   // no quote: COCOON's clients have none
 * }</pre>
 */
public final class RaTlsIdentity {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] ED25519 = DerWriter.sequence(DerWriter.oid(RaTlsCertificate.ED25519_OID));

  private final byte[] seed;
  private final Ed25519Engine.Signer signer;
  private final byte[] certificate;

  private RaTlsIdentity(byte[] seed, Ed25519Engine.Signer signer, byte[] certificate) {
    this.seed = seed;
    this.signer = signer;
    this.certificate = certificate;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The certificate's DER. */
  public byte[] certificate() {
    return certificate.clone();
  }

  public byte[] publicKey() {
    return signer.publicKey();
  }

  /** A raw Ed25519 signature, for the TLS handshake's CertificateVerify only. */
  public byte[] signHandshake(byte[] message) {
    return signer.sign(message);
  }

  /** The 32-byte Ed25519 seed, for a TLS stack that needs the key itself: handle it as a secret. */
  public byte[] seed(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return seed.clone();
  }

  @Override
  public String toString() {
    return "RaTlsIdentity[secret key, certificate of " + certificate.length + " bytes]";
  }

  /** Makes a quote whose report data is the given 64 bytes (SHA-512 of the user claims). */
  public interface Quoter {
    byte[] quote(byte[] reportData);
  }

  /** Builds an {@link RaTlsIdentity}; not thread-safe. */
  public static final class Builder {
    private byte[] seed;
    private Instant notBefore;
    private Duration validity = Duration.ofDays(1);
    private Quoter quoter;
    private boolean version1;
    private final List<byte[]> extraExtensions = new ArrayList<>();
    private UnaryOperator<byte[]> signedBytes = UnaryOperator.identity();

    private Builder() {}

    /** The key's seed (default: a new random key). */
    public Builder seed(byte[] seed, SecretAccess access) {
      Objects.requireNonNull(access, "access");
      if (Objects.requireNonNull(seed, "seed").length != 32) {
        throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
      }
      this.seed = seed.clone();
      return this;
    }

    /** Validity from {@code notBefore} (default: a minute ago) for {@code validity} (default: one day). */
    public Builder validity(Instant notBefore, Duration validity) {
      this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
      this.validity = Objects.requireNonNull(validity, "validity");
      return this;
    }

    /** Embeds the quote {@code quoter} makes over the claims' SHA-512 (default: no quote). */
    public Builder quote(Quoter quoter) {
      this.quoter = Objects.requireNonNull(quoter, "quoter");
      return this;
    }

    /** Writes the certificate as X.509 version 1 with extensions, the shape COCOON's {@code gen-cert} writes. */
    public Builder asCocoonGenCert() {
      this.version1 = true;
      return this;
    }

    /** For tests of verifiers: one more extension. */
    public Builder extraExtension(String oid, boolean critical, byte[] value) {
      extraExtensions.add(extension(oid, critical, value));
      return this;
    }

    /** For tests of verifiers: alters the signed bytes before they are signed and written. */
    public Builder alterSignedBytes(UnaryOperator<byte[]> alteration) {
      this.signedBytes = Objects.requireNonNull(alteration, "alteration");
      return this;
    }

    public RaTlsIdentity build() {
      byte[] key = seed != null ? seed.clone() : new byte[32];
      if (seed == null) {
        RANDOM.nextBytes(key);
      }
      Ed25519Engine.Signer signer;
      try {
        signer = Ed25519Engine.get().signer(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 key", e);
      }
      byte[] publicKey = signer.publicKey();
      Instant from = notBefore != null ? notBefore : Instant.now().minusSeconds(60);
      List<byte[]> extensions = new ArrayList<>();
      if (quoter != null) {
        extensions.add(extension(RaTlsCertificate.TDX_QUOTE_OID, true, quoter.quote(Hashes.sha512(publicKey))));
      }
      extensions.add(extension(RaTlsCertificate.TDX_USER_CLAIMS_OID, true, publicKey));
      extensions.add(extension("2.5.29.19", true, DerWriter.sequence())); // CA:FALSE
      extensions.add(extension("2.5.29.15", true, DerWriter.element(0x03, new byte[] {7, (byte) 0x80})));
      extensions.add(extension("2.5.29.37", true, DerWriter.sequence(DerWriter.oid("1.3.6.1.5.5.7.3.1"),
          DerWriter.oid("1.3.6.1.5.5.7.3.2"))));
      extensions.add(extension("2.5.29.14", false, DerWriter.octetString(java.util.Arrays.copyOf(Hashes.sha512(publicKey),
          20))));
      extensions.add(extension("2.5.29.17", false, DerWriter.sequence(DerWriter.element(0x82,
          "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
      extensions.addAll(extraExtensions);
      byte[] serial = new byte[16];
      RANDOM.nextBytes(serial);
      serial[0] &= 0x7F;
      byte[] name = DerWriter.sequence(DerWriter.element(0x31, DerWriter.sequence(DerWriter.oid("2.5.4.3"),
          DerWriter.utf8("localhost"))));
      byte[] tbs = DerWriter.sequence(
          version1 ? new byte[0] : DerWriter.element(0xA0, DerWriter.element(0x02, new byte[] {2})),
          DerWriter.unsignedInteger(serial), ED25519, name,
          DerWriter.sequence(DerWriter.time(from), DerWriter.time(from.plus(validity))), name,
          DerWriter.sequence(ED25519, DerWriter.bitString(publicKey)),
          DerWriter.element(0xA3, DerWriter.sequence(extensions.toArray(new byte[0][]))));
      tbs = signedBytes.apply(tbs);
      byte[] certificate = DerWriter.sequence(tbs, ED25519, DerWriter.bitString(signer.sign(tbs)));
      return new RaTlsIdentity(key, signer, certificate);
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
      return critical ? DerWriter.sequence(DerWriter.oid(oid), DerWriter.bool(true), DerWriter.octetString(value))
          : DerWriter.sequence(DerWriter.oid(oid), DerWriter.octetString(value));
    }
  }

}
