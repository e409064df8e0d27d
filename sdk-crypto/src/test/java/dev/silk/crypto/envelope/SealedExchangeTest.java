package dev.silk.crypto.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.internal.Padding;
import dev.silk.crypto.receipt.ContentDigest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole request/answer exchange, and each way an attacker or a broken node can spoil it. */
class SealedExchangeTest {
  private static final byte[] BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}".getBytes(UTF_8);

  private final TestNode node = new TestNode();

  private RequestPayload payload() {
    return RequestPayload.builder().model("echo").stream(true).body(BODY).payment(new byte[] {9, 9}).build();
  }

  private static Receipt.Builder terms() {
    return Receipt.builder().usage(5, 3).costNanoton(11).payment(new byte[] {1, 2, 3}, 4, 40)
        .issuedAt(Instant.parse("2026-11-25T12:00:01Z"));
  }

  private List<byte[]> answer(OpenedRequest opened, String... parts) {
    ResponseWriter writer = opened.responseWriter(node.signingKey);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) {
      chunks.add(writer.chunk(parts[i].getBytes(UTF_8)));
    }
    chunks.add(writer.finish(parts[parts.length - 1].getBytes(UTF_8), terms()));
    return chunks;
  }

  @Test
  void streamedAnswerRoundTripsWithAVerifiedReceipt() throws Exception {
    RequestPayload payload = payload();
    SealedRequest sealed = RequestSealer.seal(payload, node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());

    assertThat(opened.payload().body()).isEqualTo(BODY);
    assertThat(opened.payload().model()).isEqualTo("echo");
    assertThat(opened.payload().stream()).isTrue();
    assertThat(opened.payload().payment()).containsExactly(9, 9);
    assertThat(opened.payload().requestId()).isEqualTo(payload.requestId());
    assertThat(opened.payload().timestamp()).isEqualTo(payload.timestamp());
    assertThat(opened.payload().responseKey().equalsKey(payload.responseKey())).isTrue();
    assertThat(opened.encapsulatedKey()).hasSize(32);

    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (byte[] chunk : answer(opened, "one ", "two ", "three")) {
      assertThat(reader.isComplete()).isFalse();
      text.write(reader.read(chunk).data());
    }
    assertThat(text.toString("UTF-8")).isEqualTo("one two three");
    SignedReceipt receipt = reader.receipt();
    Receipt r = receipt.receipt();
    assertThat(r.nodeId()).isEqualTo(node.descriptor.nodeId());
    assertThat(r.descriptorHash()).isEqualTo(node.descriptor.hash());
    assertThat(r.requestId()).isEqualTo(payload.requestId());
    assertThat(r.model()).isEqualTo("echo");
    assertThat(r.requestHash()).isEqualTo(sealed.requestHash());
    assertThat(r.costNanoton()).isEqualTo(11);
    assertThat(r.channel()).containsExactly(1, 2, 3);
    assertThat(r.paymentSeqno()).isEqualTo(4);
    assertThat(r.cumulativeChargedNanoton()).isEqualTo(40);
  }

  @Test
  void auditorWithTheResponseKeyRecomputesTheReceiptsHashes() throws Exception {
    RequestPayload payload = payload();
    SealedRequest sealed = RequestSealer.seal(payload, node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    for (byte[] chunk : answer(opened, "a", "b")) {
      reader.read(chunk);
    }
    Receipt r = SignedReceipt.fromExportString(reader.receipt().toExportString()).receipt();

    ContentDigest audit = ContentDigest.of(payload.responseKey(), payload.requestId());
    audit.addChunk(0, false, "a".getBytes(UTF_8));
    audit.addChunk(1, true, "b".getBytes(UTF_8));
    assertThat(r.responseHash()).isEqualTo(audit.responseHash());
    assertThat(r.requestHash()).isEqualTo(audit.requestHash(payload.encode()));
  }

  @Test
  void paddingHidesLengthsBelowTheBlockSize() throws Exception {
    SealedRequest shortOne = RequestSealer.seal(
        RequestPayload.builder().model("echo").body("{}".getBytes(UTF_8)).build(), node.descriptor.recipient());
    SealedRequest longer = RequestSealer.seal(
        RequestPayload.builder().model("echo").body(new byte[100]).build(), node.descriptor.recipient());
    assertThat(shortOne.envelope()).hasSameSizeAs(longer.envelope());

    OpenedRequest opened = node.opener.open(shortOne.envelope());
    ResponseWriter writer = opened.responseWriter(node.signingKey);
    assertThat(writer.chunk(new byte[1])).hasSameSizeAs(writer.chunk(new byte[200]));
    assertThat(writer.chunk(new byte[1]).length).isLessThan(writer.chunk(new byte[Padding.BLOCK]).length);
  }

  @Test
  void envelopeForAnotherNodeIsRejected() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), new TestNode().descriptor.recipient());
    assertCode(() -> node.opener.open(sealed.envelope()), ErrorCode.WRONG_RECIPIENT);
  }

  @Test
  void envelopeSealedToAnOlderDescriptorIsRejected() throws Exception {
    // Same keys, re-signed descriptor (another epoch): its hash differs.
    TestNode renewed = new TestNode(node.signingKey, node.kemKey);
    RequestOpener opener = RequestOpener.create(
        node.signingKey.publicKey().nodeId(),
        dev.silk.crypto.descriptor.SignedDescriptor.sign(renewed.builder().epoch(8).build(), node.signingKey).hash(),
        Collections.singletonList(node.kemKey));
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    assertCode(() -> opener.open(sealed.envelope()), ErrorCode.WRONG_RECIPIENT);
  }

  @Test
  void headerBoundAsHpkeInfoCannotBeRewritten() throws Exception {
    // An attacker who rewrites node id + descriptor hash to another node's values cannot make
    // that node open it: the header is the HPKE info.
    TestNode other = new TestNode(SigningPrivateKey.generate(), node.kemKey);
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    byte[] envelope = sealed.envelope();
    System.arraycopy(other.descriptor.nodeId().toBytes(), 0, envelope, 8, 32);
    System.arraycopy(other.descriptor.hash(), 0, envelope, 40, 32);
    assertCode(() -> other.opener.open(envelope), ErrorCode.DECRYPTION_FAILED);
  }

  @Test
  void unknownVersionAndSuiteAreRejectedBeforeDecryption() throws Exception {
    byte[] envelope = RequestSealer.seal(payload(), node.descriptor.recipient()).envelope();
    byte[] v2 = envelope.clone();
    v2[1] = 2;
    assertCode(() -> node.opener.open(v2), ErrorCode.UNSUPPORTED_VERSION);
    byte[] xwing = envelope.clone();
    xwing[2] = 0x64;
    xwing[3] = 0x7a;
    assertCode(() -> node.opener.open(xwing), ErrorCode.UNSUPPORTED_SUITE);
  }

  /** spec-v1 §4.5 step 6: it decrypts, but is not a payload; the node answers it like steps 1-5. */
  @Test
  void aPlaintextThatDecryptsButDoesNotDecodeIsRefusedWithItsCode() throws Exception {
    assertCode(() -> node.opener.open(sealedAltered(pt -> pt[pt.length - 1] = 1)), ErrorCode.MALFORMED);
    assertCode(() -> node.opener.open(sealedAltered(pt -> pt[1] = 2)), ErrorCode.UNSUPPORTED_VERSION);
    assertCode(() -> node.opener.open(sealedAltered(pt -> pt[pt.length - 2] = 7)), ErrorCode.MALFORMED);
  }

  /** An envelope whose plaintext was changed by {@code alter} before sealing, as only a broken client would. */
  private byte[] sealedAltered(java.util.function.Consumer<byte[]> alter) {
    return RequestSealer.seal(payload(), node.descriptor.recipient(), (key, plaintext, info) -> {
      byte[] changed = plaintext.clone();
      alter.accept(changed);
      return key.seal(changed, info);
    }).envelope();
  }

  @Test
  void reorderedDroppedDuplicatedAndTruncatedChunksAreDetected() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    List<byte[]> chunks = answer(node.opener.open(sealed.envelope()), "x", "y", "z");

    ResponseReader reordered = sealed.responseReader(node.descriptor.signingKey());
    assertCode(() -> reordered.read(chunks.get(1)), ErrorCode.STREAM_OUT_OF_ORDER);
    assertCode(() -> reordered.read(chunks.get(0)), ErrorCode.STREAM_OUT_OF_ORDER);

    ResponseReader dropped = sealed.responseReader(node.descriptor.signingKey());
    dropped.read(chunks.get(0));
    assertCode(() -> dropped.read(chunks.get(2)), ErrorCode.STREAM_OUT_OF_ORDER);

    ResponseReader duplicated = sealed.responseReader(node.descriptor.signingKey());
    duplicated.read(chunks.get(0));
    assertCode(() -> duplicated.read(chunks.get(0)), ErrorCode.STREAM_OUT_OF_ORDER);

    ResponseReader truncated = sealed.responseReader(node.descriptor.signingKey());
    truncated.read(chunks.get(0));
    truncated.read(chunks.get(1));
    assertCode(truncated::receipt, ErrorCode.STREAM_TRUNCATED);

    ResponseReader afterEnd = sealed.responseReader(node.descriptor.signingKey());
    for (byte[] chunk : chunks) {
      afterEnd.read(chunk);
    }
    assertCode(() -> afterEnd.read(chunks.get(2)), ErrorCode.STREAM_OUT_OF_ORDER);
  }

  @Test
  void chunkOfAnotherRequestDoesNotOpen() throws Exception {
    SealedRequest first = RequestSealer.seal(payload(), node.descriptor.recipient());
    SealedRequest second = RequestSealer.seal(payload(), node.descriptor.recipient());
    List<byte[]> answerToFirst = answer(node.opener.open(first.envelope()), "secret");
    ResponseReader reader = second.responseReader(node.descriptor.signingKey());
    assertCode(() -> reader.read(answerToFirst.get(0)), ErrorCode.DECRYPTION_FAILED);
  }

  @Test
  void receiptFromAnotherKeyIsRejectedEvenIfTheChunkOpens() throws Exception {
    // A node that holds the response key (it decrypted the request) but signs with a key that
    // is not the descriptor's: the client must refuse the answer.
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    TestNode impostor = new TestNode(SigningPrivateKey.generate(), node.kemKey);
    byte[] forged = new OpenedRequest(opened.payload(), opened.encapsulatedKey(), impostor.descriptor.nodeId(),
        node.descriptor.hash(), opened.keys(), opened.requestHash())
        .responseWriter(impostor.signingKey).finish("hi".getBytes(UTF_8), terms());
    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    assertCode(() -> reader.read(forged), ErrorCode.BAD_SIGNATURE);
    assertCode(reader::receipt, ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void receiptThatMisstatesTheRequestIsRejected() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    byte[] wrongHash = opened.requestHash();
    wrongHash[0] ^= 1;
    byte[] lying = new OpenedRequest(opened.payload(), opened.encapsulatedKey(), node.descriptor.nodeId(),
        node.descriptor.hash(), opened.keys(), wrongHash)
        .responseWriter(node.signingKey).finish("hi".getBytes(UTF_8), terms());
    assertCode(() -> sealed.responseReader(node.descriptor.signingKey()).read(lying), ErrorCode.RECEIPT_MISMATCH);
  }

  @Test
  void signedErrorEndsTheAnswerAndCarriesItsCode() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    NodeError error = NodeError.sign(node.signingKey, ErrorCode.UNKNOWN_MODEL, opened.payload().requestId(),
        java.time.Duration.ZERO, "model not served", Instant.EPOCH);
    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    ResponseChunk chunk = reader.read(opened.responseWriter(node.signingKey).fail(error));
    assertThat(chunk.last()).isTrue();
    assertThat(reader.isComplete()).isTrue();
    assertThat(reader.nodeError().code()).isEqualTo(ErrorCode.UNKNOWN_MODEL);
    assertCode(reader::receipt, ErrorCode.UNKNOWN_MODEL);
  }

  /**
   * A node that made its final chunk but could not record the charge replaces that unsent chunk
   * with a signed error: the client reads the chunks sent before it, then the error, in order.
   */
  @Test
  void anUnsentFinalChunkIsRetractedForASignedError() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    ResponseWriter writer = opened.responseWriter(node.signingKey);
    byte[] first = writer.chunk("one ".getBytes(UTF_8));
    assertThatThrownBy(() -> writer.retract(NodeError.sign(node.signingKey, ErrorCode.INTERNAL,
        opened.payload().requestId(), java.time.Duration.ZERO, "x", Instant.EPOCH)))
        .as("nothing to retract before finish").isInstanceOf(IllegalStateException.class);
    writer.finish("two".getBytes(UTF_8), terms());
    NodeError error = NodeError.sign(node.signingKey, ErrorCode.INTERNAL, opened.payload().requestId(),
        java.time.Duration.ZERO, "charge not recorded", Instant.EPOCH);
    byte[] last = writer.retract(error);
    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    assertThat(reader.read(first).data()).isEqualTo("one ".getBytes(UTF_8));
    assertThat(reader.read(last).last()).isTrue();
    assertThat(reader.nodeError().code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(writer.receipt()).isNull();
    assertThatThrownBy(() -> writer.retract(error)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void signedErrorOfAnotherNodeOrRequestIsRejected() throws Exception {
    SealedRequest sealed = RequestSealer.seal(payload(), node.descriptor.recipient());
    OpenedRequest opened = node.opener.open(sealed.envelope());
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
        opened.responseWriter(node.signingKey).fail(NodeError.sign(node.signingKey, ErrorCode.INTERNAL,
            RequestId.random(), java.time.Duration.ZERO, "x", Instant.EPOCH)));
    // An error signed by another key, smuggled into a chunk that opens.
    TestNode impostor = new TestNode(SigningPrivateKey.generate(), node.kemKey);
    byte[] forged = new OpenedRequest(opened.payload(), opened.encapsulatedKey(), impostor.descriptor.nodeId(),
        node.descriptor.hash(), opened.keys(), opened.requestHash())
        .responseWriter(impostor.signingKey).fail(NodeError.sign(impostor.signingKey, ErrorCode.INTERNAL,
            opened.payload().requestId(), java.time.Duration.ZERO, "x", Instant.EPOCH));
    assertCode(() -> sealed.responseReader(node.descriptor.signingKey()).read(forged), ErrorCode.BAD_SIGNATURE);
  }

  @Test
  void writerRefusesAKeyOfAnotherNodeAndWritingAfterTheEnd() throws Exception {
    OpenedRequest opened = node.opener.open(RequestSealer.seal(payload(), node.descriptor.recipient()).envelope());
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> opened.responseWriter(SigningPrivateKey.generate()));
    ResponseWriter writer = opened.responseWriter(node.signingKey);
    writer.finish(new byte[0], terms());
    org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> writer.chunk(new byte[1]));
  }

  @Test
  void requestIdsAndResponseKeysAreFreshPerPayload() {
    RequestPayload a = payload();
    RequestPayload b = payload();
    assertThat(a.requestId()).isNotEqualTo(b.requestId());
    assertThat(a.responseKey().equalsKey(b.responseKey())).isFalse();
    assertThat(RequestId.random().toBytes()).hasSize(16);
  }

  @Test
  void toStringNeverShowsContentOrKeys() throws Exception {
    RequestPayload payload = payload();
    assertThat(payload.toString()).doesNotContain("hello").doesNotContain("messages");
    assertThat(payload.responseKey().toString()).isEqualTo("ResponseKey[secret]");
    assertThat(node.kemKey.toString()).doesNotContain(
        dev.silk.crypto.encoding.Hex.encode(node.kemKey.toBytes(dev.silk.crypto.SecretAccess.grant())));
    assertThat(node.signingKey.toString()).doesNotContain(
        dev.silk.crypto.encoding.Hex.encode(node.signingKey.seedBytes(dev.silk.crypto.SecretAccess.grant())));
    OpenedRequest opened = node.opener.open(RequestSealer.seal(payload, node.descriptor.recipient()).envelope());
    assertThat(opened.toString()).doesNotContain("hello");
  }

  @Test
  void exceptionMessagesNameFieldsNotContent() {
    byte[] envelope = RequestSealer.seal(payload(), node.descriptor.recipient()).envelope();
    envelope[envelope.length - 1] ^= 1;
    assertThatThrownBy(() -> node.opener.open(envelope))
        .isInstanceOf(SilkCryptoException.class)
        .hasMessageNotContaining("hello")
        .hasMessageContaining("decryption_failed");
  }

  @Test
  void builderRejectsBadInputWithClearMessages() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> RequestPayload.builder().body(BODY).build()).withMessageContaining("model");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> RequestPayload.builder().model("echo").build()).withMessageContaining("body");
    char[] longName = new char[300];
    Arrays.fill(longName, 'm');
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> RequestPayload.builder().model(new String(longName)).body(BODY).build());
  }

  static void assertCode(ThrowingCall call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}
