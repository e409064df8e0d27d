package dev.silk.crypto.internal;

import dev.silk.crypto.encoding.Hex;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyPairGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;

/**
 * The X-Wing hybrid KEM (ML-KEM-768 + X25519, draft-connolly-cfrg-xwing-kem; HPKE KEM id
 * 0x647a, "MLKEM768-X25519" in draft-ietf-hpke-pq) over BouncyCastle's pure-Java implementation,
 * which runs on every JVM and on Android. A private key is its 32-byte seed; a public key is
 * ML-KEM-768's 1,184-byte encapsulation key followed by X25519's 32 bytes; an encapsulation is
 * ML-KEM's 1,088-byte ciphertext followed by an X25519 public key.
 *
 * <p>BouncyCastle before 1.81 derived a different shared secret from an earlier draft; the
 * published vector test (hpke-pq) pins the one used here. Stateless and thread-safe.
 */
public final class XWing {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_KEY_LENGTH = 1216;
  public static final int ENC_LENGTH = 1120;
  /** Encapsulation randomness: 32 bytes for ML-KEM, then 32 for the X25519 ephemeral key. */
  public static final int RANDOMNESS_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean AVAILABLE = probe();

  private XWing() {}

  /**
   * Whether BouncyCastle's X-Wing is on the classpath and derives the current draft's secret
   * (1.81 and later); without it the X-Wing suite is not offered.
   */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /** A fresh private key (its seed). */
  public static byte[] newSeed() {
    byte[] seed = new byte[SEED_LENGTH];
    RANDOM.nextBytes(seed);
    return seed;
  }

  /** The public key of {@code seed}. */
  public static byte[] publicKey(byte[] seed) throws GeneralSecurityException {
    checkLength(seed, SEED_LENGTH, "an X-Wing private key");
    XWingKeyPairGenerator generator = new XWingKeyPairGenerator();
    // The generator expands the seed it draws; handing it this seed is the public way to expand ours.
    generator.init(new XWingKeyGenerationParameters(new GivenBytes(seed)));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return ((XWingPublicKeyParameters) pair.getPublic()).getEncoded();
  }

  /** A fresh shared secret for {@code publicKey}: {@code {sharedSecret, enc}}. */
  public static byte[][] encapsulate(byte[] publicKey) throws GeneralSecurityException {
    return encapsulate(publicKey, RANDOM);
  }

  /** The same with the 64 bytes of randomness given (vectors fix them). */
  public static byte[][] encapsulate(byte[] publicKey, byte[] randomness) throws GeneralSecurityException {
    checkLength(randomness, RANDOMNESS_LENGTH, "X-Wing encapsulation randomness");
    return encapsulate(publicKey, new GivenBytes(randomness));
  }

  /**
   * The shared secret of {@code enc} for the key {@code seed}. ML-KEM decapsulation never fails
   * (a changed ciphertext gives an unrelated secret, so the AEAD refuses what follows).
   */
  public static byte[] decapsulate(byte[] seed, byte[] enc) throws GeneralSecurityException {
    checkLength(seed, SEED_LENGTH, "an X-Wing private key");
    checkLength(enc, ENC_LENGTH, "an X-Wing encapsulation");
    try {
      return new XWingKEMExtractor(new XWingPrivateKeyParameters(seed)).extractSecret(enc);
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("X-Wing decapsulation failed", e);
    }
  }

  private static byte[][] encapsulate(byte[] publicKey, SecureRandom random) throws GeneralSecurityException {
    checkLength(publicKey, PUBLIC_KEY_LENGTH, "an X-Wing public key");
    try {
      SecretWithEncapsulation secret =
          new XWingKEMGenerator(random).generateEncapsulated(new XWingPublicKeyParameters(publicKey));
      return new byte[][] {secret.getSecret(), secret.getEncapsulation()};
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("X-Wing encapsulation failed", e);
    }
  }

  private static void checkLength(byte[] bytes, int length, String what) throws GeneralSecurityException {
    if (bytes == null || bytes.length != length) {
      throw new GeneralSecurityException(what + " is " + length + " bytes");
    }
  }

  /**
   * A known answer (the all-zero seed, randomness of sevens; the secret BouncyCastle 1.82 derives,
   * which reproduces the published hpke-pq vector) and its decapsulation: absent or pre-1.81
   * BouncyCastle, whose X-Wing combined the secrets differently, counts as no X-Wing at all.
   */
  private static boolean probe() {
    try {
      byte[] seed = new byte[SEED_LENGTH];
      byte[] randomness = new byte[RANDOMNESS_LENGTH];
      Arrays.fill(randomness, (byte) 7);
      byte[][] sent = encapsulate(publicKey(seed), randomness);
      return Arrays.equals(sent[0], Hex.decode("10dc15979f34a1e002032fde2c5074796dce22c13c75e497291ff237b4763ad3"))
          && Arrays.equals(sent[0], decapsulate(seed, sent[1]));
    } catch (GeneralSecurityException | LinkageError | RuntimeException absent) {
      return false;
    }
  }

  /** A SecureRandom that hands out the given bytes once, in order, and fails after them. */
  private static final class GivenBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int at;

    GivenBytes(byte[] bytes) {
      super(null, null);
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (at + out.length > bytes.length) {
        throw new IllegalStateException("more randomness drawn than given");
      }
      System.arraycopy(bytes, at, out, 0, out.length);
      at += out.length;
    }
  }
}
