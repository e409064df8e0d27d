package dev.silk.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.FixedEphemeralHpke;
import com.google.crypto.tink.hybrid.internal.HpkeDecrypt;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JcaHpke} against RFC 9180's vector and against Tink's HPKE (the implementation it
 * replaces on a plain JVM), byte for byte, in both directions; and its refusals.
 */
class JcaHpkeTest {
  private static final HpkeParameters SUITE = suite();

  @Test
  void theJdkHasX25519() {
    // Silk's JVM baseline is Java 17: the JCA path must be there (Android API 26 may lack it).
    assertThat(JcaHpke.isAvailable()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void reproducesRfc9180AppendixA11() throws Exception {
    Map<String, Object> v = TestFiles.readJson(TestFiles.sharedVector("hpke-rfc9180-a1-base.json"));
    byte[] skEm = hex(v, "skEm");
    byte[] pkRm = hex(v, "pkRm");
    byte[] info = hex(v, "info");
    assertThat(Hex.encode(JcaHpke.publicKey(skEm))).isEqualTo(v.get("pkEm"));
    assertThat(Hex.encode(JcaHpke.publicKey(hex(v, "skRm")))).isEqualTo(v.get("pkRm"));

    JcaHpke.Context sender = JcaHpke.context(JcaHpke.dh(skEm, pkRm), hex(v, "enc"), pkRm, info);
    assertThat(Hex.encode(sender.sharedSecret)).isEqualTo(v.get("shared_secret"));
    assertThat(Hex.encode(sender.key)).isEqualTo(v.get("key"));
    assertThat(Hex.encode(sender.baseNonce)).isEqualTo(v.get("base_nonce"));
    JcaHpke.Context recipient = JcaHpke.context(JcaHpke.dh(hex(v, "skRm"), hex(v, "enc")), hex(v, "enc"), pkRm, info);
    List<Map<String, Object>> encryptions = (List<Map<String, Object>>) v.get("encryptions");
    assertThat(encryptions).isNotEmpty();
    for (Map<String, Object> e : encryptions) {
      long seq = ((Number) e.get("seq")).longValue();
      assertThat(Hex.encode(sender.seal(hex(e, "pt"), hex(e, "aad"), seq))).as("seq %s", seq).isEqualTo(e.get("ct"));
      assertThat(recipient.open(hex(e, "ct"), 0, hex(e, "aad"), seq)).isEqualTo(hex(e, "pt"));
    }
  }

  @Test
  void sealsExactlyAsTinkDoesWithTheSameEphemeralKey() throws Exception {
    Random random = new Random(9180);
    for (int i = 0; i < 64; i++) {
      byte[] recipient = X25519.publicFromPrivate(X25519.generatePrivateKey());
      byte[] ephemeral = bytes(random, 32);
      byte[] plaintext = bytes(random, random.nextInt(2048));
      byte[] info = bytes(random, random.nextInt(100));
      assertThat(JcaHpke.seal(ephemeral, recipient, plaintext, info))
          .isEqualTo(FixedEphemeralHpke.singleShot(recipient, ephemeral, plaintext, info));
    }
  }

  @Test
  void tinkOpensWhatItSealsAndItOpensWhatTinkSeals() throws Exception {
    Random random = new Random(7748);
    for (int i = 0; i < 64; i++) {
      byte[] privateKey = X25519.generatePrivateKey();
      byte[] publicKey = X25519.publicFromPrivate(privateKey);
      HpkePublicKey tinkPublic = HpkePublicKey.create(SUITE, Bytes.copyFrom(publicKey), null);
      HybridDecrypt tinkOpen = HpkeDecrypt.create(
          HpkePrivateKey.create(tinkPublic, SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get())));
      HybridEncrypt tinkSeal = HpkeEncrypt.create(tinkPublic);
      byte[] plaintext = bytes(random, random.nextInt(4096));
      byte[] info = bytes(random, random.nextInt(100));

      assertThat(tinkOpen.decrypt(JcaHpke.seal(publicKey, plaintext, info), info)).isEqualTo(plaintext);
      assertThat(JcaHpke.open(privateKey, publicKey, tinkSeal.encrypt(plaintext, info), info)).isEqualTo(plaintext);
    }
  }

  @Test
  void everyChangedByteWrongInfoOrWrongKeyFailsToOpen() throws Exception {
    byte[] privateKey = X25519.generatePrivateKey();
    byte[] publicKey = X25519.publicFromPrivate(privateKey);
    byte[] info = "silk/1 header".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sealed = JcaHpke.seal(publicKey, "a prompt".getBytes(java.nio.charset.StandardCharsets.UTF_8), info);
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = sealed.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> JcaHpke.open(privateKey, publicKey, tampered, info))
            .as("byte %d bit %d", i, bit).isInstanceOf(GeneralSecurityException.class);
      }
    }
    byte[] otherInfo = info.clone();
    otherInfo[0] ^= 1;
    assertThatThrownBy(() -> JcaHpke.open(privateKey, publicKey, sealed, otherInfo))
        .isInstanceOf(GeneralSecurityException.class);
    byte[] other = X25519.generatePrivateKey();
    assertThatThrownBy(() -> JcaHpke.open(other, X25519.publicFromPrivate(other), sealed, info))
        .isInstanceOf(GeneralSecurityException.class);
    for (int length = 0; length < 48; length++) {
      byte[] truncated = java.util.Arrays.copyOf(sealed, length);
      assertThatThrownBy(() -> JcaHpke.open(privateKey, publicKey, truncated, info))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void refusesSmallOrderPointsAndWrongLengths() throws Exception {
    byte[] privateKey = X25519.generatePrivateKey();
    byte[] publicKey = X25519.publicFromPrivate(privateKey);
    // u = 0 and u = 1 have small order: X25519 gives the all-zero secret (RFC 9180 §7.1.4).
    byte[] zero = new byte[32];
    byte[] one = new byte[32];
    one[0] = 1;
    for (byte[] point : new byte[][] {zero, one}) {
      assertThatThrownBy(() -> JcaHpke.seal(point, new byte[1], new byte[0]))
          .isInstanceOf(GeneralSecurityException.class);
      byte[] forged = new byte[32 + 17];
      System.arraycopy(point, 0, forged, 0, 32);
      assertThatThrownBy(() -> JcaHpke.open(privateKey, publicKey, forged, new byte[0]))
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> JcaHpke.seal(new byte[31], new byte[1], new byte[0]))
        .isInstanceOf(GeneralSecurityException.class);
  }

  private static HpkeParameters suite() {
    try {
      return HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_128_GCM)
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(Map<String, Object> m, String key) {
    return Hex.decode((String) m.get(key));
  }

  private static byte[] bytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
