package dev.silk.crypto.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.ResponseKey;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.envelope.KemPublicKey;
import org.junit.jupiter.api.Test;

/** Every key and identifier survives encode/decode, and rejects a wrong length with MALFORMED. */
class KeyEncodingTest {
  @Test
  void signingKeysRoundTrip() throws Exception {
    SigningPrivateKey key = SigningPrivateKey.generate();
    SigningPrivateKey restored = SigningPrivateKey.fromSeed(key.seedBytes(SecretAccess.grant()), SecretAccess.grant());
    assertThat(restored.publicKey()).isEqualTo(key.publicKey());
    SigningPublicKey decoded = SigningPublicKey.fromBytes(key.publicKey().toBytes());
    byte[] body = {1, 2, 3};
    decoded.verify(SignedType.ERROR, body, restored.sign(SignedType.ERROR, body));
    assertThat(decoded.nodeId()).isEqualTo(NodeId.fromBytes(key.publicKey().nodeId().toBytes()));
    assertThat(decoded.nodeId().toHex()).hasSize(64);
  }

  @Test
  void kemKeysRoundTrip() throws Exception {
    KemPrivateKey key = KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM);
    KemPrivateKey restored = KemPrivateKey.fromBytes(
        HpkeSuite.X25519_SHA256_AES128GCM, key.toBytes(SecretAccess.grant()), SecretAccess.grant());
    assertThat(restored.publicKey()).isEqualTo(key.publicKey());
    assertThat(KemPublicKey.fromBytes(HpkeSuite.X25519_SHA256_AES128GCM, key.publicKey().toBytes()))
        .isEqualTo(key.publicKey());
  }

  @Test
  void identifiersAndResponseKeysRoundTrip() throws Exception {
    RequestId id = RequestId.random();
    assertThat(RequestId.fromBytes(id.toBytes())).isEqualTo(id).hasSameHashCodeAs(id);
    ResponseKey key = ResponseKey.generate();
    assertThat(ResponseKey.fromBytes(key.toBytes(SecretAccess.grant()), SecretAccess.grant()).equalsKey(key)).isTrue();
    // Same bytes, different identifier types: never equal.
    assertThat(RequestId.fromBytes(new byte[16])).isNotEqualTo(new Object());
  }

  @Test
  void wrongLengthsAreMalformed() {
    assertMalformed(() -> SigningPrivateKey.fromSeed(new byte[31], SecretAccess.grant()));
    assertMalformed(() -> SigningPublicKey.fromBytes(new byte[33]));
    assertMalformed(() -> NodeId.fromBytes(new byte[16]));
    assertMalformed(() -> RequestId.fromBytes(new byte[32]));
    assertMalformed(() -> ResponseKey.fromBytes(new byte[16], SecretAccess.grant()));
    assertMalformed(() -> KemPublicKey.fromBytes(HpkeSuite.X25519_SHA256_AES128GCM, new byte[31]));
    assertMalformed(() -> KemPrivateKey.fromBytes(HpkeSuite.X25519_SHA256_AES128GCM, new byte[0], SecretAccess.grant()));
  }

  @Test
  void signaturesOfWrongLengthAreBadSignatures() throws Exception {
    SigningPrivateKey key = SigningPrivateKey.generate();
    assertThatThrownBy(() -> key.publicKey().verify(SignedType.RECEIPT, new byte[0], new byte[63]))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
  }

  private static void assertMalformed(Call call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
  }

  interface Call {
    void run() throws Exception;
  }
}
