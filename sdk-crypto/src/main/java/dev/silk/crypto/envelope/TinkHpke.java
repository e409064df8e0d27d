package dev.silk.crypto.envelope;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptEncrypt;
import dev.silk.crypto.CryptoProviders;
import dev.silk.crypto.internal.JcaHpke;
import java.security.GeneralSecurityException;

/**
 * Maps Silk's suites and raw keys onto Tink's HPKE key objects (Tink types stay in here), and
 * decides which HPKE implementation seals and opens: Tink's when a native provider (Conscrypt,
 * Android's own) runs its X25519, else {@link JcaHpke} over the JDK's X25519 when the platform
 * has it (far less garbage than Tink's pure-Java X25519), else Tink's pure Java. Set the system
 * property {@code silk.crypto.jca-x25519=false} to keep Tink's pure Java on a JVM.
 */
final class TinkHpke {
  /** Whether {@link JcaHpke} seals and opens in this JVM. */
  static final boolean JCA = !CryptoProviders.ensureInstalled()
      && !"false".equalsIgnoreCase(System.getProperty("silk.crypto.jca-x25519"))
      && JcaHpke.isAvailable();

  private TinkHpke() {}

  /**
   * Whether X-Wing seals and opens through Tink over the native provider (Conscrypt's, i.e.
   * BoringSSL's, X-Wing: faster than the pure-Java one, and byte-compatible with it, as
   * XWingConscryptInteropTest shows both ways); otherwise {@code XWingHpke} in pure Java.
   */
  static final boolean NATIVE_XWING = nativeXWing();

  private static boolean nativeXWing() {
    try {
      return CryptoProviders.ensureInstalled() && XWingHpkeConscryptEncrypt.isSupported();
    } catch (LinkageError | RuntimeException absent) {
      return false;
    }
  }

  static HpkeParameters parameters(HpkeSuite suite) throws GeneralSecurityException {
    HpkeParameters.KemId kem;
    if (suite == HpkeSuite.X25519_SHA256_AES128GCM) {
      kem = HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256;
    } else if (suite == HpkeSuite.XWING_SHA256_AES128GCM) {
      kem = HpkeParameters.KemId.X_WING;
    } else {
      throw new GeneralSecurityException("no Tink mapping for " + suite);
    }
    return HpkeParameters.builder()
        .setKemId(kem)
        .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
        .setAeadId(HpkeParameters.AeadId.AES_128_GCM)
        .setVariant(HpkeParameters.Variant.NO_PREFIX)
        .build();
  }

  static HpkePublicKey publicKey(HpkeSuite suite, byte[] key) throws GeneralSecurityException {
    return HpkePublicKey.create(parameters(suite), Bytes.copyFrom(key), null);
  }

  static HpkePrivateKey privateKey(HpkeSuite suite, byte[] publicKey, byte[] privateKey)
      throws GeneralSecurityException {
    return HpkePrivateKey.create(
        publicKey(suite, publicKey), SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get()));
  }
}
