package dev.silk.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.CryptoProviders;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ECDSA P-256 engine agrees with the JDK's signer, on valid and altered signatures alike. */
class EcdsaP256Test {
  private static List<EcdsaP256> engines() {
    List<EcdsaP256> engines = new java.util.ArrayList<>(Arrays.asList(EcdsaP256.jca(), EcdsaP256.bouncyCastle()));
    if (CryptoProviders.nativeProvider() != null) {
      engines.add(EcdsaP256.get());
    }
    return engines;
  }

  @Test
  void enginesAcceptValidAndRefuseAlteredSignatures() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = g.generateKeyPair();
    KeyPair other = g.generateKeyPair();
    for (int n = 0; n < 20; n++) {
      byte[] message = ("message " + n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withECDSA", Security.getProvider("SunEC"));
      signer.initSign(key.getPrivate());
      signer.update(message);
      byte[] der = signer.sign();
      byte[] raw = EcdsaP256.rawFromDer(der);
      assertThat(raw).hasSize(64);
      assertThat(EcdsaP256.derFromRaw(raw)).isEqualTo(der);
      for (EcdsaP256 engine : engines()) {
        assertThat(engine.verify(key.getPublic(), message, raw)).as(engine.name()).isTrue();
        assertThat(engine.verify(other.getPublic(), message, raw)).as(engine.name()).isFalse();
        byte[] altered = raw.clone();
        altered[n % 64] ^= 1;
        assertThat(engine.verify(key.getPublic(), message, altered)).as(engine.name()).isFalse();
        assertThat(engine.verify(key.getPublic(), Arrays.copyOf(message, message.length + 1), raw)).isFalse();
        assertThat(engine.verify(key.getPublic(), message, Arrays.copyOf(raw, 63))).isFalse();
      }
    }
  }

  @Test
  void rawFromDerRefusesWhatIsNotExactlyTwoMinimalPositiveIntegers() {
    byte[] ok = {0x30, 6, 2, 1, 5, 2, 1, 7};
    assertThat(EcdsaP256.rawFromDer(ok)).isNotNull();
    assertThat(EcdsaP256.rawFromDer(new byte[] {0x30, 7, 2, 2, 0, 5, 2, 1, 7})).as("non-minimal").isNull();
    assertThat(EcdsaP256.rawFromDer(new byte[] {0x30, 6, 2, 1, (byte) 0x85, 2, 1, 7})).as("negative").isNull();
    assertThat(EcdsaP256.rawFromDer(new byte[] {0x30, 7, 2, 1, 5, 2, 1, 7, 0})).as("trailing").isNull();
    assertThat(EcdsaP256.rawFromDer(new byte[] {0x31, 6, 2, 1, 5, 2, 1, 7})).as("not a sequence").isNull();
    byte[] big = new byte[2 + 2 + 34 + 3];
    big[0] = 0x30;
    big[1] = (byte) (big.length - 2);
    big[2] = 2;
    big[3] = 34;
    big[4] = 0;
    big[5] = 1;
    big[38] = 2;
    big[39] = 1;
    big[40] = 7;
    assertThat(EcdsaP256.rawFromDer(big)).as("r longer than 32 bytes").isNull();
  }
}
