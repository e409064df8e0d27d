package dev.silk.crypto.attestation.ratls;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Der;
import dev.silk.crypto.signature.Ed25519Engine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A COCOON RA-TLS certificate (COCOON {@code docs/ra-tls.md}): self-signed X.509 with an Ed25519
 * key, the TDX quote and the user claims in two critical extensions. COCOON's {@code gen-cert}
 * writes it as X.509 <em>version 1</em> with extensions (it never sets the version), which the
 * JDK's and BouncyCastle's certificate parsers refuse; this parser accepts exactly that and v3,
 * and keeps the signed bytes as received. Parsing checks structure only; {@link RaTlsVerifier}
 * checks the rest. Immutable.
 */
public final class RaTlsCertificate {
  /** {@code 1.3.6.1.4.1.12345.1}: the TDX quote. */
  public static final String TDX_QUOTE_OID = "1.3.6.1.4.1.12345.1";
  /** {@code 1.3.6.1.4.1.12345.2}: the user claims (today: the raw 32-byte public key). */
  public static final String TDX_USER_CLAIMS_OID = "1.3.6.1.4.1.12345.2";
  /** {@code 1.3.101.112}: Ed25519 (RFC 8410). */
  static final String ED25519_OID = "1.3.101.112";
  /** COCOON caps the quote extension at 32 KiB. */
  static final int MAX_QUOTE = 32 * 1024;
  /** No COCOON certificate comes near this; anything larger is refused before parsing. */
  public static final int MAX_ENCODED = 64 * 1024;

  /** One extension as it appears in the certificate. */
  public static final class Extension {
    final String oid;
    final boolean critical;
    final byte[] value;

    Extension(String oid, boolean critical, byte[] value) {
      this.oid = oid;
      this.critical = critical;
      this.value = value;
    }

    public String oid() {
      return oid;
    }

    public boolean critical() {
      return critical;
    }

    public byte[] value() {
      return value.clone();
    }
  }

  private final byte[] encoded;
  private final byte[] tbs;
  private final int version;
  private final String tbsSignatureAlgorithm;
  private final String signatureAlgorithm;
  private final byte[] issuer;
  private final byte[] subject;
  private final Instant notBefore;
  private final Instant notAfter;
  private final String keyAlgorithm;
  private final byte[] publicKey;
  private final List<Extension> extensions;
  private final byte[] signature;

  private RaTlsCertificate(byte[] encoded, byte[] tbs, int version, String tbsSignatureAlgorithm,
      String signatureAlgorithm, byte[] issuer, byte[] subject, Instant notBefore, Instant notAfter,
      String keyAlgorithm, byte[] publicKey, List<Extension> extensions, byte[] signature) {
    this.encoded = encoded;
    this.tbs = tbs;
    this.version = version;
    this.tbsSignatureAlgorithm = tbsSignatureAlgorithm;
    this.signatureAlgorithm = signatureAlgorithm;
    this.issuer = issuer;
    this.subject = subject;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.keyAlgorithm = keyAlgorithm;
    this.publicKey = publicKey;
    this.extensions = extensions;
    this.signature = signature;
  }

  /**
   * Parses a DER certificate.
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} if it is not one
   */
  public static RaTlsCertificate parse(byte[] der) throws SilkCryptoException {
    if (der.length > MAX_ENCODED) {
      throw invalid("certificate larger than " + MAX_ENCODED + " bytes");
    }
    Der outer = der(der);
    Der cert = outer.enter(Der.TAG_SEQUENCE);
    outer.end();
    byte[] tbsEncoded = cert.nextEncoded(Der.TAG_SEQUENCE);
    String signatureAlgorithm = algorithm(cert.enter(Der.TAG_SEQUENCE));
    byte[] bits = cert.next(Der.TAG_BIT_STRING);
    cert.end();
    if (bits.length != 65 || bits[0] != 0) {
      throw invalid("signature is not a 64-byte Ed25519 signature");
    }
    Der tbs = der(tbsEncoded).enter(Der.TAG_SEQUENCE);
    int version = 1;
    if (tbs.peekTag() == 0xA0) {
      Der explicit = tbs.enter(0xA0);
      version = explicit.smallInteger(2) + 1;
      explicit.end();
    }
    tbs.next(Der.TAG_INTEGER); // serial
    String tbsAlgorithm = algorithm(tbs.enter(Der.TAG_SEQUENCE));
    byte[] issuer = tbs.nextEncoded(Der.TAG_SEQUENCE);
    Der validity = tbs.enter(Der.TAG_SEQUENCE);
    Instant notBefore = time(validity);
    Instant notAfter = time(validity);
    validity.end();
    byte[] subject = tbs.nextEncoded(Der.TAG_SEQUENCE);
    Der keyInfo = tbs.enter(Der.TAG_SEQUENCE);
    String keyAlgorithm = algorithm(keyInfo.enter(Der.TAG_SEQUENCE));
    byte[] keyBits = keyInfo.next(Der.TAG_BIT_STRING);
    keyInfo.end();
    if (keyBits.length < 1 || keyBits[0] != 0) {
      throw invalid("public key bit string");
    }
    byte[] publicKey = Arrays.copyOfRange(keyBits, 1, keyBits.length);
    if (tbs.peekTag() == 0x81 || tbs.peekTag() == 0xA1) {
      tbs.skip(); // issuerUniqueID
    }
    if (tbs.peekTag() == 0x82 || tbs.peekTag() == 0xA2) {
      tbs.skip(); // subjectUniqueID
    }
    List<Extension> extensions = new ArrayList<>();
    if (tbs.peekTag() == 0xA3) {
      Der explicit = tbs.enter(0xA3);
      Der list = explicit.enter(Der.TAG_SEQUENCE);
      explicit.end();
      while (list.more()) {
        extensions.add(extension(list.enter(Der.TAG_SEQUENCE), extensions));
      }
    }
    tbs.end();
    return new RaTlsCertificate(der.clone(), tbsEncoded, version, tbsAlgorithm, signatureAlgorithm, issuer, subject,
        notBefore, notAfter, keyAlgorithm, publicKey, Collections.unmodifiableList(extensions),
        Arrays.copyOfRange(bits, 1, 65));
  }

  private static Extension extension(Der e, List<Extension> seen) throws SilkCryptoException {
    String oid = oid(e.next(Der.TAG_OID));
    boolean critical = false;
    if (e.peekTag() == Der.TAG_BOOLEAN) {
      byte[] flag = e.next(Der.TAG_BOOLEAN);
      if (flag.length != 1 || (flag[0] != 0 && flag[0] != (byte) 0xFF)) {
        throw invalid("extension's critical flag");
      }
      critical = flag[0] != 0;
    }
    byte[] value = e.next(Der.TAG_OCTET_STRING);
    e.end();
    for (Extension other : seen) {
      if (other.oid.equals(oid)) {
        throw invalid("extension " + oid + " appears twice");
      }
    }
    return new Extension(oid, critical, value);
  }

  private static String algorithm(Der identifier) throws SilkCryptoException {
    String oid = oid(identifier.next(Der.TAG_OID));
    identifier.end(); // Ed25519 has no parameters (RFC 8410); another algorithm is refused later
    return oid;
  }

  private static Instant time(Der validity) throws SilkCryptoException {
    int tag = validity.peekTag();
    if (tag != Der.TAG_UTC_TIME && tag != Der.TAG_GENERALIZED_TIME) {
      throw invalid("validity time");
    }
    String text = new String(validity.next(tag), StandardCharsets.US_ASCII);
    try {
      if (tag == Der.TAG_UTC_TIME && text.length() == 13 && text.endsWith("Z")) {
        int yy = Integer.parseInt(text.substring(0, 2));
        // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, else 20YY.
        return LocalDateTime.parse((yy >= 50 ? "19" : "20") + text.substring(0, 12),
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);
      }
      if (tag == Der.TAG_GENERALIZED_TIME && text.length() == 15 && text.endsWith("Z")) {
        return LocalDateTime.parse(text.substring(0, 14), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
            .toInstant(ZoneOffset.UTC);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid("validity time " + text);
    }
    throw invalid("validity time " + text);
  }

  /** The dotted form of a DER OID's contents. */
  static String oid(byte[] body) throws SilkCryptoException {
    if (body.length == 0 || body.length > 64 || (body[body.length - 1] & 0x80) != 0) {
      throw invalid("object identifier");
    }
    StringBuilder b = new StringBuilder();
    long arc = 0;
    boolean first = true;
    for (byte x : body) {
      if (arc == 0 && (x & 0xFF) == 0x80) {
        throw invalid("object identifier"); // a leading zero group is not DER
      }
      arc = (arc << 7) | (x & 0x7F);
      if (arc > Integer.MAX_VALUE) {
        throw invalid("object identifier arc too large");
      }
      if ((x & 0x80) == 0) {
        if (first) {
          b.append(arc < 80 ? arc / 40 : 2).append('.').append(arc < 80 ? arc % 40 : arc - 80);
          first = false;
        } else {
          b.append('.').append(arc);
        }
        arc = 0;
      }
    }
    return b.toString();
  }

  private static Der der(byte[] data) {
    return new Der(data, () -> invalid("certificate is not valid DER"));
  }

  static SilkCryptoException invalid(String reason) {
    return new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "RA-TLS certificate: " + reason);
  }

  /** Whether the self-signature over the signed bytes verifies under the certificate's own Ed25519 key. */
  boolean selfSignatureVerifies() {
    return publicKey.length == 32 && Ed25519Engine.get().verify(publicKey, signature, tbs);
  }

  boolean selfIssued() {
    return Arrays.equals(issuer, subject);
  }

  /** 1 or 3 (COCOON's {@code gen-cert} writes 1). */
  public int version() {
    return version;
  }

  public String keyAlgorithm() {
    return keyAlgorithm;
  }

  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  String tbsSignatureAlgorithm() {
    return tbsSignatureAlgorithm;
  }

  /** The subject public key's bytes (32 for Ed25519). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public List<Extension> extensions() {
    return extensions;
  }

  /** The value of extension {@code oid}, or null. */
  public byte[] extension(String oid) {
    for (Extension e : extensions) {
      if (e.oid.equals(oid)) {
        return e.value.clone();
      }
    }
    return null;
  }

  /** The DER as received. */
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public String toString() {
    return "RaTlsCertificate[v" + version + ", key " + Hex.encode(publicKey) + ", " + notBefore + " .. " + notAfter
        + ", " + extensions.size() + " extensions]";
  }
}
