package dev.silk.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.hybrid.internal.FixedEphemeralHpke;
import com.google.crypto.tink.hybrid.internal.HpkeAead;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.hybrid.internal.HpkeKem;
import com.google.crypto.tink.hybrid.internal.HpkeKemKeyFactory;
import com.google.crypto.tink.hybrid.internal.HpkePrimitiveFactory;
import com.google.crypto.tink.hybrid.internal.HpkeUtil;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9180 §A.1 (base mode) replayed through Tink for the suite Silk seals with. */
class HpkeRfc9180Test {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> vector() {
    return TestFiles.readJson(TestFiles.sharedVector("hpke-rfc9180-a1-base.json"));
  }

  @Test
  void vectorIsTheSuiteSilkUses() {
    Map<String, Object> v = vector();
    HpkeSuite suite = HpkeSuite.X25519_SHA256_AES128GCM;
    assertThat(((Number) v.get("mode")).intValue()).isZero();
    assertThat(((Number) v.get("kem_id")).intValue()).isEqualTo(suite.kemId());
    assertThat(((Number) v.get("kdf_id")).intValue()).isEqualTo(suite.kdfId());
    assertThat(((Number) v.get("aead_id")).intValue()).isEqualTo(suite.aeadId());
  }

  @Test
  void silkKeyTypesDeriveTheVectorsPublicKey() throws Exception {
    Map<String, Object> v = vector();
    KemPrivateKey key = KemPrivateKey.fromBytes(
        HpkeSuite.X25519_SHA256_AES128GCM, Hex.decode((String) v.get("skRm")), SecretAccess.grant());
    assertThat(Hex.encode(key.publicKey().toBytes())).isEqualTo(v.get("pkRm"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void senderWithTheVectorsEphemeralKeyReproducesEncAndCiphertexts() throws Exception {
    Map<String, Object> v = vector();
    HpkeContext sender = FixedEphemeralHpke.senderContext(
        Hex.decode((String) v.get("pkRm")), Hex.decode((String) v.get("skEm")), Hex.decode((String) v.get("info")));
    assertThat(Hex.encode(sender.getEncapsulatedKey())).isEqualTo(v.get("enc"));
    for (Map<String, Object> e : (List<Map<String, Object>>) v.get("encryptions")) {
      byte[] ct = sender.seal(Hex.decode((String) e.get("pt")), Hex.decode((String) e.get("aad")));
      assertThat(Hex.encode(ct)).as("seq %s", e.get("seq")).isEqualTo(e.get("ct"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void recipientOpensTheVectorsCiphertexts() throws Exception {
    Map<String, Object> v = vector();
    HpkeKem kem = HpkePrimitiveFactory.createKem(HpkeUtil.X25519_HKDF_SHA256_KEM_ID);
    HpkeAead aead = HpkePrimitiveFactory.createAead(HpkeUtil.AES_128_GCM_AEAD_ID);
    HpkeContext recipient = HpkeContext.createRecipientContext(
        Hex.decode((String) v.get("enc")),
        HpkeKemKeyFactory.createPrivate(
            com.google.crypto.tink.hybrid.HpkePrivateKey.create(
                TinkHpke.publicKey(HpkeSuite.X25519_SHA256_AES128GCM, Hex.decode((String) v.get("pkRm"))),
                com.google.crypto.tink.util.SecretBytes.copyFrom(
                    Hex.decode((String) v.get("skRm")), com.google.crypto.tink.InsecureSecretKeyAccess.get()))),
        kem,
        HpkePrimitiveFactory.createKdf(HpkeUtil.HKDF_SHA256_KDF_ID),
        aead,
        Hex.decode((String) v.get("info")));
    for (Map<String, Object> e : (List<Map<String, Object>>) v.get("encryptions")) {
      byte[] pt = recipient.open(Hex.decode((String) e.get("ct")), Hex.decode((String) e.get("aad")));
      assertThat(Hex.encode(pt)).isEqualTo(e.get("pt"));
    }
  }

  @Test
  void silkOpensTinksSingleShotWithTheVectorsKeys() throws Exception {
    // The same ephemeral/recipient keys through the single-shot path that RequestOpener uses.
    Map<String, Object> v = vector();
    byte[] info = Hex.decode((String) v.get("info"));
    byte[] plaintext = Hex.decode("4265617574792069732074727574682c20747275746820626561757479");
    byte[] sealed = FixedEphemeralHpke.singleShot(
        Hex.decode((String) v.get("pkRm")), Hex.decode((String) v.get("skEm")), plaintext, info);
    assertThat(Hex.encode(sealed)).startsWith((String) v.get("enc"));
    KemPrivateKey key = KemPrivateKey.fromBytes(
        HpkeSuite.X25519_SHA256_AES128GCM, Hex.decode((String) v.get("skRm")), SecretAccess.grant());
    assertThat(key.open(sealed, info)).isEqualTo(plaintext);
  }
}
