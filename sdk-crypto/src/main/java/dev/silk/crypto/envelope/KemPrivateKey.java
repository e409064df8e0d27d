package dev.silk.crypto.envelope;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.hybrid.internal.HpkeDecrypt;
import com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptDecrypt;
import com.google.crypto.tink.subtle.X25519;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.JcaHpke;
import dev.silk.crypto.internal.XWing;
import dev.silk.crypto.internal.XWingHpke;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A node's HPKE private key for one {@link HpkeSuite}: it opens requests sealed to the matching
 * {@link KemPublicKey}. Reading its bytes requires {@link SecretAccess}; {@link #toString()}
 * never shows them. Immutable and thread-safe.
 */
public final class KemPrivateKey {
  private final HpkeSuite suite;
  private final byte[] key;
  private final KemPublicKey publicKey;
  /** The X-Wing key expanded once (each decapsulation would expand it again), or null. */
  private final XWing.PrivateKey xwing;
  /** Tink's opener, or null when {@link JcaHpke} opens. */
  private final HybridDecrypt decrypter;

  private KemPrivateKey(HpkeSuite suite, byte[] key) throws SilkCryptoException {
    try {
      this.suite = suite;
      this.key = key;
      if (suite.isPostQuantum()) {
        this.xwing = XWing.expand(key);
        this.publicKey = KemPublicKey.fromBytes(suite, xwing.publicKey());
        this.decrypter = TinkHpke.NATIVE_XWING
            ? XWingHpkeConscryptDecrypt.create(TinkHpke.privateKey(suite, publicKey.toBytes(), key)) : null;
      } else {
        this.xwing = null;
        this.publicKey = KemPublicKey.fromBytes(suite, X25519.publicFromPrivate(key));
        this.decrypter = TinkHpke.JCA ? null : HpkeDecrypt.create(TinkHpke.privateKey(suite, publicKey.toBytes(), key));
      }
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "invalid HPKE private key", e);
    }
  }

  /**
   * Generates a new key of {@code suite}.
   *
   * @throws IllegalStateException for X-Wing without BouncyCastle's ML-KEM on the classpath
   */
  public static KemPrivateKey generate(HpkeSuite suite) {
    try {
      HpkeSuite.checkSupported(suite);
      return new KemPrivateKey(suite, suite.isPostQuantum() ? XWing.newSeed() : X25519.generatePrivateKey());
    } catch (SilkCryptoException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Restores a key from its encoded private bytes.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} if the bytes are not a key of the
   *     suite; {@link ErrorCode#UNSUPPORTED_SUITE} for X-Wing without BouncyCastle
   */
  public static KemPrivateKey fromBytes(HpkeSuite suite, byte[] key, SecretAccess access)
      throws SilkCryptoException {
    HpkeSuite.checkSupported(suite);
    Objects.requireNonNull(access, "access");
    if (key == null || key.length != suite.privateKeyLength()) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "HPKE private key has the wrong length");
    }
    return new KemPrivateKey(suite, key.clone());
  }

  public HpkeSuite suite() {
    return suite;
  }

  public KemPublicKey publicKey() {
    return publicKey;
  }

  public byte[] toBytes(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return key.clone();
  }

  /** HPKE single-shot open of {@code enc || ciphertext}. */
  byte[] open(byte[] encAndCiphertext, byte[] info) throws SilkCryptoException {
    try {
      if (decrypter != null) {
        return decrypter.decrypt(encAndCiphertext, info);
      }
      return suite.isPostQuantum() ? XWingHpke.open(xwing, encAndCiphertext, info)
          : JcaHpke.open(key, publicKey.toBytes(), encAndCiphertext, info);
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.DECRYPTION_FAILED, "sealed request does not open");
    }
  }

  @Override
  public String toString() {
    return "KemPrivateKey[secret, " + suite + "]";
  }
}
