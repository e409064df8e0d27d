package dev.silk.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptDecrypt;
import com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptEncrypt;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import dev.silk.crypto.CryptoProviders;
import dev.silk.crypto.internal.XWing;
import dev.silk.crypto.internal.XWingHpke;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * Silk's pure-Java X-Wing against an independent implementation: BoringSSL's, through Conscrypt
 * and Tink, both ways, on fresh keys. The module's tests run once with Conscrypt (this test's
 * run) and once pure Java (where X-Wing is Silk's own, and this test checks that it is).
 */
class XWingConscryptInteropTest {
  private static final byte[] INFO = "silk/1 interop".getBytes(StandardCharsets.US_ASCII);

  @Test
  void conscryptsXWingAndSilksOpenEachOthersCiphertexts() throws Exception {
    boolean conscrypt = !"false".equalsIgnoreCase(System.getProperty("silk.crypto.conscrypt"));
    // tink-android (CI's Android run) asks Android's Build.VERSION, absent on a JVM: pure Java then.
    boolean nativeXWing = CryptoProviders.ensureInstalled() && tinkReachesConscryptXWing();
    assertThat(TinkHpke.NATIVE_XWING).as("native X-Wing exactly where Tink reaches Conscrypt's").isEqualTo(nativeXWing);
    if (!nativeXWing) {
      System.out.println("X-Wing interop with Conscrypt not run here: " + (conscrypt
          ? "this Tink does not reach Conscrypt's X-Wing" : "the pure-Java run") + "; Silk's own X-Wing is in use");
      return;
    }
    assertThat(conscrypt).isTrue();
    for (int round = 0; round < 20; round++) {
      byte[] seed = XWing.newSeed();
      byte[] publicKey = XWing.publicKey(seed);
      HpkePublicKey tinkPublic = TinkHpke.publicKey(HpkeSuite.XWING_SHA256_AES128GCM, publicKey);
      byte[] message = ("x-wing interop round " + round).getBytes(StandardCharsets.US_ASCII);

      byte[] byConscrypt = XWingHpkeConscryptEncrypt.create(tinkPublic).encrypt(message, INFO);
      assertThat(XWingHpke.open(seed, byConscrypt, INFO)).isEqualTo(message);

      HpkePrivateKey tinkPrivate = HpkePrivateKey.create(tinkPublic, SecretBytes.copyFrom(seed,
          InsecureSecretKeyAccess.get()));
      byte[] bySilk = XWingHpke.seal(publicKey, message, INFO);
      assertThat(XWingHpkeConscryptDecrypt.create(tinkPrivate).decrypt(bySilk, INFO)).isEqualTo(message);

      byte[] changed = bySilk.clone();
      changed[round * 50] ^= 1; // in the ML-KEM ciphertext, then the X25519 key, then the AEAD
      assertThatThrownBy(() -> XWingHpkeConscryptDecrypt.create(tinkPrivate).decrypt(changed, INFO))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  private static boolean tinkReachesConscryptXWing() {
    try {
      return XWingHpkeConscryptEncrypt.isSupported();
    } catch (LinkageError tinkAndroidOnAJvm) {
      return false;
    }
  }
}
