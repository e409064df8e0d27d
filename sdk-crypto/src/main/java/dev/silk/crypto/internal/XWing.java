package dev.silk.crypto.internal;

import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * The X-Wing hybrid KEM (ML-KEM-768 + X25519; "MLKEM768-X25519", HPKE KEM id 0x647a, in
 * draft-ietf-hpke-pq and the CFRG X-Wing draft), written out from the draft over BouncyCastle's
 * pure-Java ML-KEM-768 (FIPS 203), X25519, SHAKE256 and SHA3-256, which run on every JVM and on
 * Android. Only packages BouncyCastle's module exports are used (its own X-Wing is not exported).
 *
 * <p>A private key is its 32-byte seed, expanded by SHAKE256 into ML-KEM's 64-byte seed and an
 * X25519 scalar; a public key is ML-KEM-768's 1,184-byte encapsulation key followed by X25519's
 * 32 bytes; an encapsulation is ML-KEM's 1,088-byte ciphertext followed by an ephemeral X25519
 * public key; the secret is {@code SHA3-256(ss_M || ss_X || ct_X || pk_X || label)}, the label being
 * the six ASCII bytes {@code 5c2e2f2f5e5c}. The
 * published hpke-pq vector pins every step (XWingHpkeTest). Stateless and thread-safe.
 */
public final class XWing {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_KEY_LENGTH = 1216;
  public static final int ENC_LENGTH = 1120;
  /** Encapsulation randomness: 32 bytes for ML-KEM, then the 32-byte X25519 ephemeral scalar. */
  public static final int RANDOMNESS_LENGTH = 64;
  private static final int MLKEM_PUBLIC_KEY_LENGTH = 1184;
  private static final int MLKEM_CIPHERTEXT_LENGTH = 1088;
  private static final int X25519_LENGTH = 32;
  private static final byte[] LABEL = "\\.//^\\".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean AVAILABLE = probe();

  private XWing() {}

  /**
   * Whether BouncyCastle's ML-KEM is on the classpath and derives FIPS 203's secrets (a known
   * answer); without it the X-Wing suite is not offered.
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
    return new PrivateKey(seed).publicKey();
  }

  /**
   * {@code seed} expanded once (SHAKE256, ML-KEM's key generation): a node keeps this, so that
   * each decapsulation does not pay for the expansion again.
   */
  public static PrivateKey expand(byte[] seed) throws GeneralSecurityException {
    return new PrivateKey(seed);
  }

  /** A fresh shared secret for {@code publicKey}: {@code {sharedSecret, enc}}. */
  public static byte[][] encapsulate(byte[] publicKey) throws GeneralSecurityException {
    byte[] randomness = new byte[RANDOMNESS_LENGTH];
    RANDOM.nextBytes(randomness);
    try {
      return encapsulate(publicKey, randomness);
    } finally {
      Arrays.fill(randomness, (byte) 0);
    }
  }

  /** The same with the 64 bytes of randomness given (vectors fix them). */
  public static byte[][] encapsulate(byte[] publicKey, byte[] randomness) throws GeneralSecurityException {
    checkLength(publicKey, PUBLIC_KEY_LENGTH, "an X-Wing public key");
    checkLength(randomness, RANDOMNESS_LENGTH, "X-Wing encapsulation randomness");
    byte[] pkX = Arrays.copyOfRange(publicKey, MLKEM_PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH);
    try {
      SecretWithEncapsulation ml = new MLKEMGenerator(RANDOM).internalGenerateEncapsulated(
          new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, Arrays.copyOf(publicKey, MLKEM_PUBLIC_KEY_LENGTH)),
          Arrays.copyOf(randomness, 32));
      byte[] ephemeral = Arrays.copyOfRange(randomness, 32, RANDOMNESS_LENGTH);
      byte[] ctX = new byte[X25519_LENGTH];
      X25519.scalarMultBase(ephemeral, 0, ctX, 0);
      byte[] ssX = new byte[X25519_LENGTH];
      X25519.scalarMult(ephemeral, 0, pkX, 0, ssX, 0);
      Arrays.fill(ephemeral, (byte) 0);
      byte[] enc = Arrays.copyOf(ml.getEncapsulation(), ENC_LENGTH);
      System.arraycopy(ctX, 0, enc, MLKEM_CIPHERTEXT_LENGTH, X25519_LENGTH);
      return new byte[][] {combine(ml.getSecret(), ssX, ctX, pkX), enc};
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new GeneralSecurityException("X-Wing encapsulation failed", e);
    }
  }

  /**
   * The shared secret of {@code enc} for the key {@code seed}. ML-KEM decapsulation never fails
   * (a changed ciphertext gives an unrelated secret, so the AEAD refuses what follows).
   */
  public static byte[] decapsulate(byte[] seed, byte[] enc) throws GeneralSecurityException {
    return decapsulate(new PrivateKey(seed), enc);
  }

  /** The same with the key expanded once ({@link #expand}). */
  public static byte[] decapsulate(PrivateKey key, byte[] enc) throws GeneralSecurityException {
    checkLength(enc, ENC_LENGTH, "an X-Wing encapsulation");
    byte[] ctX = Arrays.copyOfRange(enc, MLKEM_CIPHERTEXT_LENGTH, ENC_LENGTH);
    byte[] ssX = new byte[X25519_LENGTH];
    X25519.scalarMult(key.skX, 0, ctX, 0, ssX, 0);
    byte[] ssM = new MLKEMExtractor(key.mlKem).extractSecret(Arrays.copyOf(enc, MLKEM_CIPHERTEXT_LENGTH));
    return combine(ssM, ssX, ctX, key.pkX);
  }

  /** The X-Wing combiner: {@code SHA3-256(ss_M || ss_X || ct_X || pk_X || label)}. */
  private static byte[] combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX) {
    SHA3Digest sha3 = new SHA3Digest(256);
    for (byte[] part : new byte[][] {ssM, ssX, ctX, pkX, LABEL}) {
      sha3.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    sha3.doFinal(out, 0);
    Arrays.fill(ssM, (byte) 0);
    Arrays.fill(ssX, (byte) 0);
    return out;
  }

  private static void checkLength(byte[] bytes, int length, String what) throws GeneralSecurityException {
    if (bytes == null || bytes.length != length) {
      throw new GeneralSecurityException(what + " is " + length + " bytes");
    }
  }

  /**
   * A private key expanded: {@code SHAKE256(seed, 96)} is ML-KEM's seed {@code d || z}, then
   * X25519's scalar. Immutable and thread-safe; never printed.
   */
  public static final class PrivateKey {
    final MLKEMPrivateKeyParameters mlKem;
    final byte[] skX;
    final byte[] pkX = new byte[X25519_LENGTH];

    private PrivateKey(byte[] seed) throws GeneralSecurityException {
      checkLength(seed, SEED_LENGTH, "an X-Wing private key");
      byte[] expanded = new byte[96];
      SHAKEDigest shake = new SHAKEDigest(256);
      shake.update(seed, 0, seed.length);
      shake.doFinal(expanded, 0, expanded.length);
      mlKem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, Arrays.copyOf(expanded, 64));
      skX = Arrays.copyOfRange(expanded, 64, 96);
      Arrays.fill(expanded, (byte) 0);
      X25519.scalarMultBase(skX, 0, pkX, 0);
    }

    /** The public key: ML-KEM's encapsulation key, then X25519's. */
    public byte[] publicKey() {
      byte[] pk = Arrays.copyOf(mlKem.getPublicKey(), PUBLIC_KEY_LENGTH);
      System.arraycopy(pkX, 0, pk, MLKEM_PUBLIC_KEY_LENGTH, X25519_LENGTH);
      return pk;
    }

    @Override
    public String toString() {
      return "XWing.PrivateKey[secret]";
    }
  }

  /**
   * A known answer (the all-zero seed, randomness of sevens; the secret that reproduces the
   * published hpke-pq vector's implementation) and its decapsulation: absent BouncyCastle, or one
   * whose ML-KEM predates FIPS 203, counts as no X-Wing at all.
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
}
