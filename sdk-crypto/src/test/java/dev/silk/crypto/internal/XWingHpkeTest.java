package dev.silk.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * X-Wing HPKE against the draft-ietf-hpke-pq vector (the HPKE working group's, as Go vendors
 * it: docs-site/protocol/hpke-pq-xwing.json), byte for byte from the recipient's seed and the
 * sender's randomness to every ciphertext and export; and its refusals, every byte tried.
 */
class XWingHpkeTest {
  private static final byte[] INFO = "silk/1 test".getBytes(StandardCharsets.US_ASCII);

  @Test
  void bouncyCastleXWingIsHereAndCurrent() {
    // The test classpath has BouncyCastle 1.82; XWing.isAvailable() also pins the current draft.
    assertThat(XWing.isAvailable()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void reproducesThePublishedHpkePqVector() throws Exception {
    Map<String, Object> v = (Map<String, Object>) TestFiles.readJson(
        TestFiles.repoRoot().resolve("docs-site/protocol/hpke-pq-xwing.json")).get("vector");
    assertThat(((Number) v.get("kem_id")).intValue()).isEqualTo(XWingHpke.KEM_ID);
    assertThat(((Number) v.get("kdf_id")).intValue()).isEqualTo(1);
    assertThat(((Number) v.get("aead_id")).intValue()).isEqualTo(3);
    byte[] seed = hex(v, "skRm");
    byte[] pkRm = hex(v, "pkRm");
    byte[] info = hex(v, "info");
    assertThat(Hex.encode(XWing.publicKey(seed))).isEqualTo(v.get("pkRm"));

    JcaHpke.Context sender = XWingHpke.sender(hex(v, "ikmE"), pkRm, info, JcaHpke.Aead.CHACHA20_POLY1305);
    assertThat(Hex.encode(sender.enc())).isEqualTo(v.get("enc"));
    assertThat(Hex.encode(sender.sharedSecret)).isEqualTo(v.get("shared_secret"));
    assertThat(Hex.encode(sender.key)).isEqualTo(v.get("key"));
    assertThat(Hex.encode(sender.baseNonce)).isEqualTo(v.get("base_nonce"));
    JcaHpke.Context recipient = XWingHpke.recipient(seed, hex(v, "enc"), info, JcaHpke.Aead.CHACHA20_POLY1305);
    List<Map<String, Object>> encryptions = (List<Map<String, Object>>) v.get("encryptions");
    assertThat(encryptions).hasSize(10);
    for (int seq = 0; seq < encryptions.size(); seq++) {
      Map<String, Object> e = encryptions.get(seq);
      assertThat(Hex.encode(sender.seal(hex(e, "pt"), hex(e, "aad"), seq))).as("seq %s", seq).isEqualTo(e.get("ct"));
      assertThat(recipient.open(hex(e, "ct"), 0, hex(e, "aad"), seq)).isEqualTo(hex(e, "pt"));
    }
    List<Map<String, Object>> exports = (List<Map<String, Object>>) v.get("exports");
    assertThat(exports).hasSize(5);
    for (Map<String, Object> x : exports) {
      int length = ((Number) x.get("L")).intValue();
      assertThat(Hex.encode(sender.export(hex(x, "exporter_context"), length))).isEqualTo(x.get("exported_value"));
      assertThat(Hex.encode(recipient.export(hex(x, "exporter_context"), length))).isEqualTo(x.get("exported_value"));
    }
  }

  @Test
  void sealsAndOpensWithSilksSuiteAndFreshRandomness() throws Exception {
    byte[] seed = XWing.newSeed();
    byte[] publicKey = XWing.publicKey(seed);
    byte[] message = "a prompt".getBytes(StandardCharsets.UTF_8);
    byte[] first = XWingHpke.seal(publicKey, message, INFO);
    byte[] second = XWingHpke.seal(publicKey, message, INFO);
    assertThat(first).hasSize(XWing.ENC_LENGTH + message.length + 16);
    assertThat(Arrays.copyOf(first, XWing.ENC_LENGTH)).isNotEqualTo(Arrays.copyOf(second, XWing.ENC_LENGTH));
    assertThat(XWingHpke.open(seed, first, INFO)).isEqualTo(message);
    assertThat(XWingHpke.open(seed, second, INFO)).isEqualTo(message);
  }

  @Test
  void everyChangedByteIsRefused() throws Exception {
    byte[] seed = XWing.newSeed();
    byte[] sealed = XWingHpke.seal(new byte[XWing.RANDOMNESS_LENGTH], XWing.publicKey(seed),
        "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII), INFO);
    // Each position once, with a flip that differs per position: the ML-KEM part, the X25519
    // part of enc, the ciphertext and the tag.
    for (int i = 0; i < sealed.length; i++) {
      byte[] changed = sealed.clone();
      changed[i] ^= (byte) (1 << (i % 8));
      int at = i;
      assertThatThrownBy(() -> XWingHpke.open(seed, changed, INFO)).as("byte %d", at)
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> XWingHpke.open(seed, Arrays.copyOf(sealed, sealed.length - 1), INFO))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> XWingHpke.open(seed, Arrays.copyOf(sealed, XWing.ENC_LENGTH + 15), INFO))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("too short");
  }

  @Test
  void theWrongKeyOrInfoDoesNotOpen() throws Exception {
    byte[] seed = XWing.newSeed();
    byte[] sealed = XWingHpke.seal(XWing.publicKey(seed), new byte[40], INFO);
    assertThatThrownBy(() -> XWingHpke.open(XWing.newSeed(), sealed, INFO)).isInstanceOf(GeneralSecurityException.class);
    byte[] otherInfo = INFO.clone();
    otherInfo[otherInfo.length - 1] ^= 1;
    assertThatThrownBy(() -> XWingHpke.open(seed, sealed, otherInfo)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void wrongLengthsAreRefusedBeforeAnyWork() {
    Random random = new Random(1);
    for (int length : new int[] {0, 31, 33, 64}) {
      byte[] seed = new byte[length];
      random.nextBytes(seed);
      assertThatThrownBy(() -> XWing.publicKey(seed)).isInstanceOf(GeneralSecurityException.class)
          .hasMessageContaining("32 bytes");
    }
    for (int length : new int[] {0, 32, 1215, 1217}) {
      assertThatThrownBy(() -> XWing.encapsulate(new byte[length])).isInstanceOf(GeneralSecurityException.class)
          .hasMessageContaining("1216 bytes");
    }
    assertThatThrownBy(() -> XWing.decapsulate(new byte[32], new byte[1119])).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("1120 bytes");
    assertThatThrownBy(() -> XWing.encapsulate(new byte[1216], new byte[63])).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("64 bytes");
  }

  private static byte[] hex(Map<String, Object> map, String key) {
    return Hex.decode((String) map.get(key));
  }
}
