package dev.silk.crypto.internal;

import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HPKE (RFC 9180) base mode for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, over the
 * platform's own X25519 ({@code KeyAgreement "X25519"}, in every JDK since 11); and the key
 * schedule every Silk suite ends in ({@link XWingHpke} too).
 *
 * <p>Why not Tink's HPKE here: Tink runs X25519 either natively through Conscrypt or in its own
 * pure-Java code, which allocates about 570 KB per scalar multiplication (1.16 MB per seal, two
 * multiplications). The JDK's X25519 allocates about 12 KB and is a little faster (JDK 17: 168 vs
 * 210 µs; sdk-crypto/BENCHMARKS.md). So on a JVM without a native provider Silk seals and opens
 * with this class; Tink's HPKE stays the path with Conscrypt and on Android, and the test oracle
 * that this class must agree with byte for byte.
 *
 * <p>Keys are raw 32-byte RFC 7748 strings; they reach the JCA through their fixed X.509 and
 * PKCS#8 encodings (classes Android API 26 has), so nothing here needs the {@code XEC} key specs.
 * Stateless and thread-safe.
 */
public final class JcaHpke {
  private static final String X25519 = "X25519";
  private static final byte[] SPKI_PREFIX = Hex.decode("302a300506032b656e032100");
  private static final byte[] PKCS8_PREFIX = Hex.decode("302e020100300506032b656e04220420");
  /** The u-coordinate 9: X25519(k, 9) is k's public key. */
  private static final byte[] BASE_POINT = basePoint();
  private static final byte[] VERSION = ascii("HPKE-v1");
  private static final int DHKEM_X25519 = 0x0020;
  private static final int HKDF_SHA256 = 0x0001;
  private static final byte[] KEM_SUITE = concat(ascii("KEM"), new byte[] {0x00, 0x20});
  private static final int KEY_LENGTH = 32;
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean AVAILABLE = probe();

  private JcaHpke() {}

  /** Whether the platform has X25519 in its JCA (every JDK 11+, not Android before API 31). */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /** Single-shot seal to {@code recipientPublicKey} with a fresh ephemeral key: {@code enc || ciphertext}. */
  public static byte[] seal(byte[] recipientPublicKey, byte[] plaintext, byte[] info) throws GeneralSecurityException {
    byte[] ephemeral = new byte[KEY_LENGTH];
    RANDOM.nextBytes(ephemeral);
    try {
      return seal(ephemeral, recipientPublicKey, plaintext, info);
    } finally {
      Arrays.fill(ephemeral, (byte) 0);
    }
  }

  /** The same with the ephemeral private key given (RFC 9180's vectors fix it). */
  public static byte[] seal(byte[] ephemeralPrivateKey, byte[] recipientPublicKey, byte[] plaintext, byte[] info)
      throws GeneralSecurityException {
    byte[] enc = publicKey(ephemeralPrivateKey);
    Context context = context(dh(ephemeralPrivateKey, recipientPublicKey), enc, recipientPublicKey, info);
    return concat(enc, context.seal(plaintext, new byte[0]));
  }

  /**
   * Single-shot open of {@code enc || ciphertext} by the recipient's key pair.
   *
   * @throws GeneralSecurityException if it does not open (wrong key, info, or any byte changed)
   */
  public static byte[] open(byte[] recipientPrivateKey, byte[] recipientPublicKey, byte[] encAndCiphertext,
      byte[] info) throws GeneralSecurityException {
    if (encAndCiphertext.length < KEY_LENGTH + TAG_BITS / 8) {
      throw new GeneralSecurityException("HPKE ciphertext too short");
    }
    byte[] enc = Arrays.copyOf(encAndCiphertext, KEY_LENGTH);
    Context context = context(dh(recipientPrivateKey, enc), enc, recipientPublicKey, info);
    return context.open(encAndCiphertext, KEY_LENGTH, new byte[0], 0);
  }

  /** The public key of an X25519 private key. */
  public static byte[] publicKey(byte[] privateKey) throws GeneralSecurityException {
    return dh(privateKey, BASE_POINT);
  }

  /** DHKEM(X25519)'s Encap/Decap end (RFC 9180 §4.1), then the key schedule with AES-128-GCM. */
  static Context context(byte[] dh, byte[] enc, byte[] recipientPublicKey, byte[] info)
      throws GeneralSecurityException {
    byte[] eaePrk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
    byte[] sharedSecret = labeledExpand(KEM_SUITE, eaePrk, "shared_secret", concat(enc, recipientPublicKey), 32);
    return keySchedule(DHKEM_X25519, Aead.AES_128_GCM, sharedSecret, info);
  }

  /**
   * The key schedule (RFC 9180 §5.1, base mode, HKDF-SHA256) for a KEM's shared secret: the
   * context that seals or opens the messages of one encapsulation and exports secrets from it.
   * Every KEM Silk uses ends here (DHKEM(X25519), X-Wing).
   */
  static Context keySchedule(int kemId, Aead aead, byte[] sharedSecret, byte[] info)
      throws GeneralSecurityException {
    byte[] suite = concat(ascii("HPKE"), new byte[] {
        (byte) (kemId >>> 8), (byte) kemId, 0x00, (byte) HKDF_SHA256, (byte) (aead.id >>> 8), (byte) aead.id});
    byte[] keyScheduleContext = concat(new byte[] {0x00},
        labeledExtract(suite, new byte[0], "psk_id_hash", new byte[0]),
        labeledExtract(suite, new byte[0], "info_hash", info));
    byte[] secret = labeledExtract(suite, sharedSecret, "secret", new byte[0]);
    return new Context(suite, aead, sharedSecret,
        labeledExpand(suite, secret, "key", keyScheduleContext, aead.keyLength),
        labeledExpand(suite, secret, "base_nonce", keyScheduleContext, NONCE_LENGTH),
        labeledExpand(suite, secret, "exp", keyScheduleContext, 32));
  }

  /**
   * The AEADs of RFC 9180 §7.3 this class seals with: AES-128-GCM for every Silk suite, and
   * ChaCha20-Poly1305 only to replay published vectors that use it.
   */
  public enum Aead {
    AES_128_GCM(0x0001, 16, "AES/GCM/NoPadding", "AES"),
    CHACHA20_POLY1305(0x0003, 32, "ChaCha20-Poly1305", "ChaCha20");

    final int id;
    final int keyLength;
    private final String transformation;
    private final String keyAlgorithm;

    Aead(int id, int keyLength, String transformation, String keyAlgorithm) {
      this.id = id;
      this.keyLength = keyLength;
      this.transformation = transformation;
      this.keyAlgorithm = keyAlgorithm;
    }

    Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
      Cipher cipher = Cipher.getInstance(transformation);
      cipher.init(mode, new SecretKeySpec(key, keyAlgorithm),
          this == AES_128_GCM ? new GCMParameterSpec(TAG_BITS, nonce) : new IvParameterSpec(nonce));
      return cipher;
    }
  }

  /**
   * A sender's context to {@code recipientPublicKey} with the ephemeral private key given (fresh
   * random bytes, or a vector's): its {@code enc} and the context, for a protocol that seals and
   * exports (Oblivious HTTP).
   */
  public static Context sender(byte[] ephemeralPrivateKey, byte[] recipientPublicKey, byte[] info)
      throws GeneralSecurityException {
    byte[] enc = publicKey(ephemeralPrivateKey);
    return context(dh(ephemeralPrivateKey, recipientPublicKey), enc, recipientPublicKey, info).withEnc(enc);
  }

  /** A recipient's context for {@code enc}. */
  public static Context recipient(byte[] recipientPrivateKey, byte[] recipientPublicKey, byte[] enc, byte[] info)
      throws GeneralSecurityException {
    if (enc.length != KEY_LENGTH) {
      throw new GeneralSecurityException("an X25519 enc is 32 bytes");
    }
    return context(dh(recipientPrivateKey, enc), enc, recipientPublicKey, info).withEnc(enc.clone());
  }

  /** A fresh random X25519 private key. */
  public static byte[] newPrivateKey() {
    byte[] key = new byte[KEY_LENGTH];
    RANDOM.nextBytes(key);
    return key;
  }

  /**
   * The AEAD key, base nonce and exporter secret of one encapsulation (RFC 9180 §5.1). Not
   * thread-safe; one per message.
   */
  public static final class Context {
    private final byte[] suite;
    private final Aead aead;
    final byte[] sharedSecret;
    final byte[] key;
    final byte[] baseNonce;
    private final byte[] exporterSecret;
    private byte[] enc;

    Context(byte[] suite, Aead aead, byte[] sharedSecret, byte[] key, byte[] baseNonce, byte[] exporterSecret) {
      this.suite = suite;
      this.aead = aead;
      this.sharedSecret = sharedSecret;
      this.key = key;
      this.baseNonce = baseNonce;
      this.exporterSecret = exporterSecret;
    }

    Context withEnc(byte[] enc) {
      this.enc = enc;
      return this;
    }

    /** The encapsulated key this context was made with. */
    public byte[] enc() {
      return enc.clone();
    }

    /** Seals message 0 (single shot) with {@code aad}. */
    public byte[] seal(byte[] plaintext, byte[] aad) throws GeneralSecurityException {
      return seal(plaintext, aad, 0);
    }

    /** Opens message 0 (single shot) with {@code aad}. */
    public byte[] open(byte[] ciphertext, byte[] aad) throws GeneralSecurityException {
      return open(ciphertext, 0, aad, 0);
    }

    /** RFC 9180 §5.3: {@code LabeledExpand(exporter_secret, "sec", exporterContext, length)}. */
    public byte[] export(byte[] exporterContext, int length) throws GeneralSecurityException {
      if (length > 32) {
        throw new GeneralSecurityException("exports here are at most 32 bytes");
      }
      return labeledExpand(suite, exporterSecret, "sec", exporterContext, length);
    }

    byte[] seal(byte[] plaintext, byte[] aad, long sequence) throws GeneralSecurityException {
      return cipher(Cipher.ENCRYPT_MODE, aad, sequence).doFinal(plaintext);
    }

    byte[] open(byte[] ciphertext, int offset, byte[] aad, long sequence) throws GeneralSecurityException {
      return cipher(Cipher.DECRYPT_MODE, aad, sequence).doFinal(ciphertext, offset, ciphertext.length - offset);
    }

    private Cipher cipher(int mode, byte[] aad, long sequence) throws GeneralSecurityException {
      byte[] nonce = baseNonce.clone();
      for (int i = 0; i < 8; i++) {
        nonce[NONCE_LENGTH - 1 - i] ^= (byte) (sequence >>> (8 * i));
      }
      Cipher cipher = aead.cipher(mode, key, nonce);
      cipher.updateAAD(aad);
      return cipher;
    }
  }

  /** X25519(privateKey, publicKey), refusing the all-zero output of a small-order point (RFC 9180 §7.1.4). */
  static byte[] dh(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
    if (privateKey.length != KEY_LENGTH || publicKey.length != KEY_LENGTH) {
      throw new GeneralSecurityException("X25519 keys are 32 bytes");
    }
    KeyFactory keys = KeyFactory.getInstance(X25519);
    KeyAgreement agreement = KeyAgreement.getInstance(X25519);
    byte[] pkcs8 = concat(PKCS8_PREFIX, privateKey);
    try {
      agreement.init(keys.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
    agreement.doPhase(keys.generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, publicKey))), true);
    byte[] shared = agreement.generateSecret();
    if (shared.length != KEY_LENGTH || MessageDigest.isEqual(shared, new byte[KEY_LENGTH])) {
      throw new GeneralSecurityException("X25519 gave the all-zero secret (small-order public key)");
    }
    return shared;
  }

  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    // RFC 5869: an empty salt is HashLen zero bytes.
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    mac.update(VERSION);
    mac.update(suite);
    mac.update(ascii(label));
    return mac.doFinal(ikm);
  }

  private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length)
      throws GeneralSecurityException {
    // Every length used here is at most one SHA-256 block: T(1) alone.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(new byte[] {0, (byte) length});
    mac.update(VERSION);
    mac.update(suite);
    mac.update(ascii(label));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  private static boolean probe() {
    try {
      byte[] one = new byte[KEY_LENGTH];
      one[0] = 1;
      publicKey(one);
      return true;
    } catch (GeneralSecurityException | RuntimeException absent) {
      // No X25519 in this platform's JCA (Android before API 31): Tink's HPKE is used.
      return false;
    }
  }

  private static byte[] basePoint() {
    byte[] u = new byte[KEY_LENGTH];
    u[0] = 9;
    return u;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
