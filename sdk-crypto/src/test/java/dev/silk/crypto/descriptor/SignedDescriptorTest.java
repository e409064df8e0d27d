package dev.silk.crypto.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedDescriptorTest {
  private static final AttestationPolicy DEV = AttestationPolicy.builder().allowInsecureDevAttestation().build();
  private final TestNode node = new TestNode();

  @Test
  void roundTripsThroughItsBytes() throws Exception {
    NodeDescriptor.Builder b = node.builder()
        .addModel(ModelInfo.builder("llama-3.1-8b", "openai").weightsHash(new byte[32]).prices(5, 9).build())
        .payment(PaymentTerms.tonChannel(new byte[32], "EQ-channel-address", 1_000_000_000L, 4));
    b.attestation(DevAttestation.evidence(b.keyBinding()));
    SignedDescriptor signed = SignedDescriptor.sign(b.build(), node.signingKey);

    SignedDescriptor parsed = SignedDescriptor.parse(signed.toBytes());
    assertThat(parsed).isEqualTo(signed);
    assertThat(parsed.descriptor()).isEqualTo(signed.descriptor());
    assertThat(parsed.hash()).isEqualTo(signed.hash());
    assertThat(parsed.nodeId()).isEqualTo(node.signingKey.publicKey().nodeId());
    assertThat(parsed.descriptor().models()).extracting(ModelInfo::name).containsExactly("echo", "llama-3.1-8b");
    assertThat(parsed.descriptor().payment().maxInFlight()).isEqualTo(4);
    assertThat(parsed.descriptor().hpkeKeys()).containsExactly(node.kemKey.publicKey());
    assertThat(parsed.recipient().key()).isEqualTo(node.kemKey.publicKey());
    assertThat(parsed.verify(DEV, TestNode.NOW).insecure()).isTrue();
  }

  @Test
  void theOperatorEndorsementRoundTripsAndNamesTheOperator() throws Exception {
    SignedDescriptor parsed = SignedDescriptor.parse(node.descriptor.toBytes());
    OperatorEndorsement e = parsed.descriptor().operator().orElseThrow(AssertionError::new);
    assertThat(e.operatorKey()).isEqualTo(node.operatorKey.publicKey());
    assertThat(e.operatorId()).isNotEqualTo(parsed.nodeId());
    assertThat(e.nodeKey()).isEqualTo(node.signingKey.publicKey());
    assertThat(SignedDescriptor.sign(node.builder().build(), node.signingKey).descriptor().operator()).isEmpty();
  }

  @Test
  void anEndorsementForAnotherKeyEpochOrShorterTimeOrByTheNodeKeyItselfIsRefused() throws Exception {
    java.time.Instant until = TestNode.NOW.plus(Duration.ofHours(23));
    OperatorEndorsement otherKey = OperatorEndorsement.sign(node.operatorKey,
        SigningPrivateKey.generate().publicKey(), 7, until);
    OperatorEndorsement otherEpoch = OperatorEndorsement.sign(node.operatorKey, node.signingKey.publicKey(), 8, until);
    OperatorEndorsement shorter = OperatorEndorsement.sign(node.operatorKey, node.signingKey.publicKey(), 7,
        until.minusSeconds(1));
    for (OperatorEndorsement wrong : new OperatorEndorsement[] {otherKey, otherEpoch, shorter}) {
      assertThatIllegalArgumentException().isThrownBy(() -> node.builder().operator(wrong).build())
          .withMessageContaining("operator endorsement is for another node key");
      // A node that wrote it anyway is caught by every reader.
      byte[] forged = withEndorsement(wrong.toBytes());
      assertCode(() -> SignedDescriptor.parse(forged), ErrorCode.BAD_SIGNATURE);
    }
    assertThatIllegalArgumentException().isThrownBy(() -> OperatorEndorsement.sign(node.signingKey,
        node.signingKey.publicKey(), 7, until)).withMessageContaining("separate");
    byte[] unsigned = OperatorEndorsement.sign(node.operatorKey, node.signingKey.publicKey(), 7, until).toBytes();
    unsigned[unsigned.length - 1] ^= 1;
    assertCode(() -> SignedDescriptor.parse(withEndorsement(unsigned)), ErrorCode.BAD_SIGNATURE);
  }

  /** The node's descriptor re-signed by the node with {@code endorsement} as its last field, unchecked. */
  private byte[] withEndorsement(byte[] endorsement) throws Exception {
    byte[] body = dev.silk.crypto.signature.SignedFrame.parse(
        SignedDescriptor.sign(node.builder().build(), node.signingKey).toBytes(),
        dev.silk.crypto.signature.SignedType.DESCRIPTOR).body();
    // The last field of a descriptor without operator is an empty bytes: u32 0.
    byte[] replaced = new dev.silk.crypto.encoding.ByteWriter(body.length + endorsement.length)
        .fixed(java.util.Arrays.copyOf(body, body.length - 4)).bytes(endorsement).toByteArray();
    return new dev.silk.crypto.encoding.ByteWriter().u8(dev.silk.crypto.signature.SignedType.DESCRIPTOR.tag())
        .bytes(replaced).fixed(node.signingKey.sign(dev.silk.crypto.signature.SignedType.DESCRIPTOR, replaced))
        .toByteArray();
  }

  @Test
  void validityWindowIsEnforced() throws Exception {
    SignedDescriptor d = node.descriptor;
    d.checkValidAt(TestNode.NOW);
    assertCode(() -> d.verify(DEV, TestNode.NOW.plus(Duration.ofDays(1))), ErrorCode.STALE_DESCRIPTOR);
    assertCode(() -> d.verify(DEV, TestNode.NOW.minus(Duration.ofHours(2))), ErrorCode.STALE_DESCRIPTOR);
  }

  @Test
  void defaultPolicyRefusesDevAttestation() {
    assertThat(AttestationPolicy.defaults().allowsInsecureDevAttestation()).isFalse();
    assertThatThrownBy(() -> node.descriptor.verify(AttestationPolicy.defaults(), TestNode.NOW))
        .isInstanceOfSatisfying(SilkCryptoException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ATTESTATION_REJECTED))
        .hasMessageContaining("allowInsecureDevAttestation");
  }

  @Test
  void attestationMustBindTheDescriptorsOwnKeys() throws Exception {
    // Evidence produced for other HPKE keys (a key from outside the measured code).
    TestNode other = new TestNode(node.signingKey, KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM));
    NodeDescriptor swapped = node.builder().attestation(other.descriptor.descriptor().attestation()).build();
    SignedDescriptor signed = SignedDescriptor.sign(swapped, node.signingKey);
    assertCode(() -> signed.verify(DEV, TestNode.NOW), ErrorCode.ATTESTATION_INVALID);

    // Evidence for the same keys but a later expiry: a quote cannot outlive what it binds.
    NodeDescriptor.Builder longer = node.builder().validity(TestNode.NOW, TestNode.NOW.plus(Duration.ofDays(30)));
    SignedDescriptor stretched = SignedDescriptor.sign(
        longer.attestation(node.descriptor.descriptor().attestation()).build(), node.signingKey);
    assertCode(() -> stretched.verify(DEV, TestNode.NOW.plusSeconds(1)), ErrorCode.ATTESTATION_INVALID);
  }

  @Test
  void signatureByAnotherKeyIsRejected() throws Exception {
    byte[] body = bodyOf(node.descriptor);
    byte[] forged = SignedFrame.sign(SignedType.DESCRIPTOR, body, SigningPrivateKey.generate());
    assertCode(() -> SignedDescriptor.parse(forged), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void aReceiptSignatureIsNotADescriptorSignature() throws Exception {
    // Same key, same body bytes, but signed under the receipt context: domain separation.
    byte[] body = bodyOf(node.descriptor);
    byte[] sig = node.signingKey.sign(SignedType.RECEIPT, body);
    byte[] framed = new ByteWriter().u8(SignedType.DESCRIPTOR.tag()).bytes(body).fixed(sig).toByteArray();
    assertCode(() -> SignedDescriptor.parse(framed), ErrorCode.BAD_SIGNATURE);
    byte[] retagged = node.descriptor.toBytes();
    retagged[0] = (byte) SignedType.RECEIPT.tag();
    assertCode(() -> SignedDescriptor.parse(retagged), ErrorCode.UNEXPECTED_TYPE);
  }

  @Test
  void keysOfUnknownSuitesAreKeptInTheBindingButNeverUsed() throws Exception {
    // A descriptor from a newer node that also lists an X-Wing key (kem 0x647a).
    byte[] body = bodyOf(node.descriptor);
    ByteReader in = new ByteReader(body, "test");
    in.fixed(2 + 32 + 8 + 8 + 8, "fixed part");
    int keysAt = in.position();
    byte[] extended = new ByteWriter()
        .fixed(java.util.Arrays.copyOf(body, keysAt))
        .count(2)
        .u16(0x647a).u16(0x0001).u16(0x0002).bytes(new byte[1216])
        .fixed(java.util.Arrays.copyOfRange(body, keysAt + 2, body.length))
        .toByteArray();
    SignedDescriptor parsed = SignedDescriptor.parse(
        SignedFrame.sign(SignedType.DESCRIPTOR, extended, node.signingKey));
    assertThat(parsed.descriptor().hpkeKeys()).containsExactly(node.kemKey.publicKey());
    assertThat(parsed.recipient().key().suite()).isEqualTo(HpkeSuite.X25519_SHA256_AES128GCM);
    assertThat(parsed.descriptor().keyBinding()).isNotEqualTo(node.descriptor.descriptor().keyBinding());
  }

  @Test
  void builderRejectsIncompleteDescriptors() {
    assertThatIllegalArgumentException().isThrownBy(() -> NodeDescriptor.builder()
        .signingKey(node.signingKey.publicKey()).build());
    assertThatIllegalArgumentException().isThrownBy(() -> node.builder()
        .validity(TestNode.NOW, TestNode.NOW));
    assertThatIllegalArgumentException().isThrownBy(() -> node.builder()
        .addModel(ModelInfo.builder("echo", "other").build()).build())
        .withMessageContaining("twice");
    assertThatIllegalArgumentException().isThrownBy(() -> SignedDescriptor.sign(
        node.builder().build(), SigningPrivateKey.generate()));
    assertThatIllegalArgumentException().isThrownBy(() -> PaymentTerms.tonChannel(new byte[32], "a", 1, 0));
  }

  @Test
  void devAttestationVerifierChecksItsOwnFormat() throws Exception {
    AttestationResult ok = DEV.verify(node.descriptor.descriptor().attestation(),
        node.descriptor.descriptor().keyBinding(), Instant.EPOCH);
    assertThat(ok.format()).isEqualTo("dev");
    assertCode(() -> DEV.verify(dev.silk.crypto.attestation.AttestationEvidence.of("dev", new byte[95], new byte[0]),
        node.descriptor.descriptor().keyBinding(), Instant.EPOCH), ErrorCode.ATTESTATION_INVALID);
    assertCode(() -> DEV.verify(dev.silk.crypto.attestation.AttestationEvidence.of("tdx", new byte[10], new byte[0]),
        node.descriptor.descriptor().keyBinding(), Instant.EPOCH), ErrorCode.ATTESTATION_REJECTED);
  }

  static byte[] bodyOf(SignedDescriptor d) throws SilkCryptoException {
    return SignedFrame.parse(d.toBytes(), SignedType.DESCRIPTOR).body();
  }

  static void assertCode(Call call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  interface Call {
    void run() throws Exception;
  }
}
