package dev.silk.crypto.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both Ed25519 engines reproduce RFC 8032 and agree with each other byte for byte. */
class Ed25519EngineTest {
  private static final Ed25519Engine TINK = Ed25519Engine.tink();
  private static final Ed25519Engine BC = BouncyCastleEd25519.create();

  @Test
  @SuppressWarnings("unchecked")
  void bothEnginesReproduceRfc8032() throws Exception {
    Map<String, Object> file = TestFiles.readJson(TestFiles.sharedVector("ed25519-rfc8032.json"));
    for (Map<String, String> v : (List<Map<String, String>>) file.get("vectors")) {
      for (Ed25519Engine engine : new Ed25519Engine[] {TINK, BC}) {
        Ed25519Engine.Signer signer = engine.signer(Hex.decode(v.get("secret")));
        assertThat(Hex.encode(signer.publicKey())).as(engine.name()).isEqualTo(v.get("public"));
        assertThat(Hex.encode(signer.sign(Hex.decode(v.get("message"))))).as(engine.name()).isEqualTo(v.get("signature"));
        assertThat(engine.verify(Hex.decode(v.get("public")), Hex.decode(v.get("signature")), Hex.decode(v.get("message"))))
            .isTrue();
      }
    }
  }

  @Test
  void enginesAgreeOnRandomKeysAndRejectTheSameForgeries() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      byte[] seed = new byte[32];
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(seed);
      random.nextBytes(message);
      Ed25519Engine.Signer tink = TINK.signer(seed);
      Ed25519Engine.Signer bc = BC.signer(seed);
      assertThat(bc.publicKey()).isEqualTo(tink.publicKey());
      byte[] signature = tink.sign(message);
      assertThat(bc.sign(message)).isEqualTo(signature);
      assertThat(BC.verify(tink.publicKey(), signature, message)).isTrue();
      byte[] forged = signature.clone();
      forged[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertThat(BC.verify(tink.publicKey(), forged, message)).isEqualTo(TINK.verify(tink.publicKey(), forged, message))
          .isFalse();
    }
  }
}
