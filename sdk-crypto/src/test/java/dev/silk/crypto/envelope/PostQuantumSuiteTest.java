package dev.silk.crypto.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The X-Wing suite end to end at the envelope level: a client prefers it when the node lists it,
 * keeps X25519 for nodes that list only that, and the node opens either; sizes and refusals.
 */
class PostQuantumSuiteTest {
  private static final HpkeSuite XWING = HpkeSuite.XWING_SHA256_AES128GCM;
  private static final HpkeSuite X25519 = HpkeSuite.X25519_SHA256_AES128GCM;

  private static RequestPayload payload() {
    return RequestPayload.builder().model("echo").body("{\"messages\":[]}".getBytes(UTF_8)).build();
  }

  @Test
  void xWingIsSupportedHereAndPreferred() {
    assertThat(HpkeSuite.supported()).containsExactly(XWING, X25519);
    assertThat(XWING.isPostQuantum()).isTrue();
    assertThat(X25519.isPostQuantum()).isFalse();
    assertThat(XWING.kemId()).isEqualTo(0x647a);
    assertThat(XWING.publicKeyLength()).isEqualTo(1216);
    assertThat(XWING.encapsulatedKeyLength()).isEqualTo(1120);
    assertThat(XWING.privateKeyLength()).isEqualTo(32);
  }

  @Test
  void aNodeListingBothIsSealedToWithXWingAndOpensIt() throws Exception {
    TestNode node = new TestNode(SigningPrivateKey.generate(), KemPrivateKey.generate(X25519),
        KemPrivateKey.generate(XWING));
    // The descriptor as a client receives it: parsed from bytes, whatever the listed order.
    SignedDescriptor received = SignedDescriptor.parse(node.descriptor.toBytes());
    assertThat(received.descriptor().hpkeKeys()).extracting(KemPublicKey::suite).containsExactly(X25519, XWING);
    assertThat(received.recipient().key().suite()).isEqualTo(XWING);

    SealedRequest sealed = RequestSealer.seal(payload(), received.recipient());
    byte[] envelope = sealed.envelope();
    assertThat(Hex.encode(Arrays.copyOfRange(envelope, 2, 8))).isEqualTo("647a00010001");
    assertThat(Hex.encode(Arrays.copyOfRange(envelope, 72, 74))).isEqualTo("0460"); // enc length 1120
    OpenedRequest opened = node.opener.open(envelope);
    assertThat(opened.payload().model()).isEqualTo("echo");
    assertThat(opened.encapsulatedKey()).hasSize(1120).isEqualTo(Arrays.copyOfRange(envelope, 74, 74 + 1120));
    assertThat(opened.encapsulatedKeyId()).isEqualTo(Hashes.sha256(opened.encapsulatedKey()));

    // The answer path is the same whatever the suite: a sealed chunk the client reads.
    ResponseWriter writer = opened.responseWriter(node.signingKey);
    byte[] chunk = writer.finish("hi".getBytes(UTF_8), dev.silk.crypto.receipt.Receipt.builder()
        .usage(1, 1).costNanoton(0).issuedAt(java.time.Instant.EPOCH));
    assertThat(sealed.responseReader(node.descriptor.signingKey()).read(chunk).data()).isEqualTo("hi".getBytes(UTF_8));
  }

  @Test
  void aNodeListingOnlyX25519IsStillSealedTo() throws Exception {
    TestNode node = new TestNode();
    assertThat(node.descriptor.recipient().key().suite()).isEqualTo(X25519);
    OpenedRequest opened = node.opener.open(RequestSealer.seal(payload(), node.descriptor.recipient()).envelope());
    assertThat(opened.encapsulatedKeyId()).hasSize(32).isEqualTo(opened.encapsulatedKey());
  }

  @Test
  void aNodeWithoutAnXWingKeyRefusesAnXWingEnvelopeAsUnsupported() throws Exception {
    SigningPrivateKey signing = SigningPrivateKey.generate();
    KemPrivateKey x25519 = KemPrivateKey.generate(X25519);
    TestNode both = new TestNode(signing, x25519, KemPrivateKey.generate(XWING));
    byte[] envelope = RequestSealer.seal(payload(), both.descriptor.recipient()).envelope();
    RequestOpener x25519Only = RequestOpener.create(
        both.descriptor.nodeId(), both.descriptor.hash(), java.util.Collections.singletonList(x25519));
    SilkCryptoException e = catchThrowableOfType(() -> x25519Only.open(envelope), SilkCryptoException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SUITE);
  }

  @Test
  void anXWingHeaderOverAnX25519SizedEncIsMalformed() throws Exception {
    TestNode node = new TestNode(SigningPrivateKey.generate(), KemPrivateKey.generate(X25519),
        KemPrivateKey.generate(XWING));
    byte[] envelope = RequestSealer.seal(payload(), node.descriptor.recipient()).envelope();
    envelope[72] = 0;
    envelope[73] = 32;
    SilkCryptoException e = catchThrowableOfType(() -> node.opener.open(envelope), SilkCryptoException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void keysHaveTheirSuitesLengthsAndNeverPrintTheirSecret() throws Exception {
    KemPrivateKey key = KemPrivateKey.generate(XWING);
    byte[] seed = key.toBytes(SecretAccess.grant());
    assertThat(seed).hasSize(32);
    assertThat(key.publicKey().toBytes()).hasSize(1216);
    assertThat(KemPrivateKey.fromBytes(XWING, seed, SecretAccess.grant()).publicKey()).isEqualTo(key.publicKey());
    assertThat(key.toString()).doesNotContain(Hex.encode(seed));
    for (int length : new int[] {0, 31, 33, 1216}) {
      SilkCryptoException e = catchThrowableOfType(
          () -> KemPrivateKey.fromBytes(XWING, new byte[length], SecretAccess.grant()), SilkCryptoException.class);
      assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
    }
    for (int length : new int[] {0, 32, 1215, 1217}) {
      SilkCryptoException e =
          catchThrowableOfType(() -> KemPublicKey.fromBytes(XWING, new byte[length]), SilkCryptoException.class);
      assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
    }
  }
}
