package dev.silk.crypto.envelope;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptEncrypt;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.JcaHpke;
import dev.silk.crypto.internal.XWingHpke;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node's HPKE public key for one {@link HpkeSuite}, as listed in its descriptor. Immutable and
 * thread-safe.
 */
public final class KemPublicKey {
  private final HpkeSuite suite;
  private final byte[] key;
  /** Tink's sealer, or null when {@link JcaHpke} or {@link XWingHpke} seals. */
  private final HybridEncrypt encrypter;

  private KemPublicKey(HpkeSuite suite, byte[] key) throws SilkCryptoException {
    this.suite = suite;
    this.key = key;
    try {
      // X-Wing: Tink over Conscrypt's native X-Wing where present, else XWingHpke (pure Java).
      // X25519: Tink over the native provider, else JcaHpke on a plain JVM.
      if (suite.isPostQuantum()) {
        this.encrypter = TinkHpke.NATIVE_XWING
            ? XWingHpkeConscryptEncrypt.create(TinkHpke.publicKey(suite, key)) : null;
      } else {
        this.encrypter = TinkHpke.JCA ? null : HpkeEncrypt.create(TinkHpke.publicKey(suite, key));
      }
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "invalid HPKE public key", e);
    }
  }

  /**
   * Decodes a public key of {@code suite}.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} if the length is wrong for the suite;
   *     {@link ErrorCode#UNSUPPORTED_SUITE} for X-Wing without BouncyCastle
   */
  public static KemPublicKey fromBytes(HpkeSuite suite, byte[] key) throws SilkCryptoException {
    HpkeSuite.checkSupported(suite);
    if (key == null || key.length != suite.publicKeyLength()) {
      throw new SilkCryptoException(
          ErrorCode.MALFORMED, "HPKE public key must be " + suite.publicKeyLength() + " bytes");
    }
    return new KemPublicKey(suite, key.clone());
  }

  public HpkeSuite suite() {
    return suite;
  }

  public byte[] toBytes() {
    return key.clone();
  }

  /** HPKE single-shot seal in base mode: returns {@code enc || ciphertext}. */
  byte[] seal(byte[] plaintext, byte[] info) {
    try {
      if (encrypter != null) {
        return encrypter.encrypt(plaintext, info);
      }
      return suite.isPostQuantum() ? XWingHpke.seal(key, plaintext, info) : JcaHpke.seal(key, plaintext, info);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KemPublicKey)) {
      return false;
    }
    KemPublicKey other = (KemPublicKey) o;
    return suite == other.suite && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return 31 * suite.hashCode() + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "KemPublicKey[" + suite + ", " + Hex.encode(key) + "]";
  }
}
