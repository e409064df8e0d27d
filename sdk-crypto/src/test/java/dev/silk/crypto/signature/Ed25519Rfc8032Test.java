package dev.silk.crypto.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8032 §7.1 vectors through the same Ed25519 that Silk keys use. */
class Ed25519Rfc8032Test {
  @Test
  @SuppressWarnings("unchecked")
  void rfc8032VectorsReproduce() throws Exception {
    Map<String, Object> file = TestFiles.readJson(TestFiles.sharedVector("ed25519-rfc8032.json"));
    List<Map<String, String>> vectors = (List<Map<String, String>>) file.get("vectors");
    assertThat(vectors).hasSize(3);
    for (Map<String, String> v : vectors) {
      byte[] seed = Hex.decode(v.get("secret"));
      byte[] message = Hex.decode(v.get("message"));
      SigningPrivateKey key = SigningPrivateKey.fromSeed(seed, SecretAccess.grant());
      assertThat(Hex.encode(key.publicKey().toBytes())).as(v.get("name")).isEqualTo(v.get("public"));
      // Silk signs context || 0x00 || body; the raw primitive underneath must match RFC 8032 exactly.
      byte[] signature = new Ed25519Sign(seed).sign(message);
      assertThat(Hex.encode(signature)).as(v.get("name")).isEqualTo(v.get("signature"));
      new Ed25519Verify(key.publicKey().toBytes()).verify(Hex.decode(v.get("signature")), message);
      // ... and Silk's signature is that primitive over the context-prefixed input.
      byte[] silk = key.sign(SignedType.RECEIPT, message);
      assertThat(silk).isEqualTo(new Ed25519Sign(seed).sign(SignedType.RECEIPT.signingInput(message)));
      key.publicKey().verify(SignedType.RECEIPT, message, silk);
    }
  }
}
