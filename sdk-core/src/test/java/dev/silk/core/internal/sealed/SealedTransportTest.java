package dev.silk.core.internal.sealed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.RequestOptions;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.discovery.NodeChooser;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.node.NodeApi;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

/**
 * The Silk transport alone, against a node's keys in memory (no HTTP): what an attempt seals,
 * which answers it accepts, and what the node's health record hears of each outcome.
 */
class SealedTransportTest {
  private static final MediaType CHUNK = MediaType.get("application/vnd.silk.chunk");
  private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
      .model("echo").addMessage(ChatMessage.user("hello")).build();
  private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,"
      + "\"model\":\"echo\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

  private final TestNode node = new TestNode();
  private final FakeTarget target = new FakeTarget(verified(node.descriptor));
  private final SealedTransport transport = new SealedTransport(new OneNode(target), null, HpkeSuite.supported(), false);

  @Test
  void eachAttemptSealsAFreshRequestThatOnlyTheNodeOpens() throws Exception {
    SealedAttempt first = prepare(null);
    SealedAttempt second = prepare(first);
    OpenedRequest a = node.opener.open(first.sealed.envelope());
    OpenedRequest b = node.opener.open(second.sealed.envelope());
    assertThat(a.payload().requestId()).isNotEqualTo(b.payload().requestId());
    assertThat(new String(a.payload().body(), UTF_8)).contains("\"hello\"");
    assertThat(first.sealed.envelope()).isNotEqualTo(second.sealed.envelope());
    assertThatThrownBy(() -> new TestNode().opener.open(first.sealed.envelope()))
        .as("another node's keys").isInstanceOf(dev.silk.crypto.SilkCryptoException.class);
  }

  @Test
  void aSignedAnswerIsAcceptedAndTheNodeRecordedAsAnswered() throws Exception {
    SealedAttempt attempt = prepare(null);
    ChatCompletion answer = transport.finish(attempt, ok(writer(attempt).finish(ANSWER.getBytes(UTF_8),
        Receipt.builder().usage(3, 1).costNanoton(0).issuedAt(TestNode.NOW))));
    assertThat(answer.content()).isEqualTo("hello");
    assertThat(answer.receipt()).isNotNull();
    assertThat(target.outcomes).containsExactly(NodeTarget.Outcome.ANSWERED);
  }

  @Test
  void aTamperedAnswerIsRefusedAndTheNodeDistrusted() throws Exception {
    SealedAttempt attempt = prepare(null);
    byte[] chunk = writer(attempt).finish(ANSWER.getBytes(UTF_8),
        Receipt.builder().usage(3, 1).costNanoton(0).issuedAt(TestNode.NOW));
    chunk[chunk.length - 1] ^= 1;
    assertThatThrownBy(() -> transport.finish(attempt, ok(chunk))).isInstanceOf(VerificationException.class);
    assertThat(target.outcomes).containsExactly(NodeTarget.Outcome.DISTRUSTED);
    assertThat(transport.retriable(new VerificationException("decryption_failed", "x", null), attempt)).isFalse();
  }

  @Test
  void anAnswerWhoseUsageDiffersFromItsReceiptIsRefused() throws Exception {
    SealedAttempt attempt = prepare(null);
    byte[] chunk = writer(attempt).finish(ANSWER.getBytes(UTF_8),
        Receipt.builder().usage(3, 2).costNanoton(0).issuedAt(TestNode.NOW));
    assertThatThrownBy(() -> transport.finish(attempt, ok(chunk))).isInstanceOf(VerificationException.class);
    assertThat(target.outcomes).containsExactly(NodeTarget.Outcome.DISTRUSTED);
  }

  @Test
  void aSignedErrorInsideTheAnswerSurfacesAsItsTypedException() throws Exception {
    SealedAttempt attempt = prepare(null);
    OpenedRequest opened = node.opener.open(attempt.sealed.envelope());
    byte[] chunk = writer(attempt).fail(NodeError.sign(node.signingKey, ErrorCode.MALFORMED,
        opened.payload().requestId(), Duration.ZERO, "no messages", TestNode.NOW));
    assertThatThrownBy(() -> transport.finish(attempt, ok(chunk))).isInstanceOf(BadRequestException.class);
  }

  @Test
  void aFreeNodeAskingForPaymentIsNotPaid() throws Exception {
    SealedAttempt attempt = prepare(null);
    OpenedRequest opened = node.opener.open(attempt.sealed.envelope());
    byte[] quote = writer(attempt).quote(PaymentQuote.sign(node.signingKey, opened.payload().requestId(),
        new byte[33], 1, 100, 0, 0, TestNode.NOW));
    Response<ResponseBody> refused = Response.error(402, ResponseBody.create(CHUNK, quote));
    assertThatThrownBy(() -> transport.finish(attempt, refused)).isInstanceOf(PaymentRequiredException.class)
        .hasMessageContaining("free");
  }

  @Test
  void aFailureBeforeAnyByteLeftIsRetriedWithNothingAtRisk() {
    SealedAttempt attempt = prepare(null);
    SilkIoException reset = new SilkIoException("io", "connection refused", null);
    assertThat(transport.retriable(reset, attempt)).isTrue();
    assertThat(target.outcomes).containsExactly(NodeTarget.Outcome.NOT_REACHED);
    assertThat(transport.surfaced(reset, attempt)).isSameAs(reset);
  }

  @Test
  void aRequestLargerThanTheNodeReadsIsRefusedBeforeItLeaves() {
    TestNode small = new TestNode();
    SignedDescriptor limited = SignedDescriptor.sign(small.builder().maxEnvelopeBytes(1024).build(), small.signingKey);
    SealedTransport toSmall = new SealedTransport(new OneNode(new FakeTarget(verified(limited))), null, HpkeSuite.supported(), false);
    ChatCompletionCreateParams big = ChatCompletionCreateParams.builder().model("echo")
        .addMessage(ChatMessage.user("x".repeat(4096))).build();
    assertThatThrownBy(() -> toSmall.prepare(big, false, RequestOptions.defaults(), Duration.ofSeconds(5), null))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("1024");
  }

  /** X-Wing where the node lists it, unless the client chose otherwise; a required suite is never traded down. */
  @Test
  void theClientsSuitePreferenceDecidesAndARequiredSuiteIsNeverTradedDown() {
    TestNode both = new TestNode(dev.silk.crypto.signature.SigningPrivateKey.generate(),
        KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM), KemPrivateKey.generate(HpkeSuite.XWING_SHA256_AES128GCM));
    TestNode x25519Only = new TestNode();
    assertThat(suiteSealedWith(both, HpkeSuite.supported())).isEqualTo(0x647a);
    assertThat(suiteSealedWith(x25519Only, HpkeSuite.supported())).isEqualTo(0x0020);
    assertThat(suiteSealedWith(both, java.util.List.of(HpkeSuite.X25519_SHA256_AES128GCM))).isEqualTo(0x0020);
    FakeTarget target = new FakeTarget(verified(x25519Only.descriptor));
    SealedTransport pqOnly = new SealedTransport(new OneNode(target), null,
        java.util.List.of(HpkeSuite.XWING_SHA256_AES128GCM), false);
    assertThatThrownBy(() -> pqOnly.prepare(PARAMS, false, RequestOptions.defaults(), Duration.ofSeconds(5), null))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.code()).isEqualTo("unsupported_suite"));
    assertThat(target.outcomes).as("nothing left the client").isEmpty();
  }

  private static int suiteSealedWith(TestNode node, java.util.List<HpkeSuite> suites) {
    byte[] envelope = new SealedTransport(new OneNode(new FakeTarget(verified(node.descriptor))), null, suites, false)
        .prepare(PARAMS, false, RequestOptions.defaults(), Duration.ofSeconds(5), null).sealed.envelope();
    return ((envelope[2] & 0xff) << 8) | (envelope[3] & 0xff);
  }

  private SealedAttempt prepare(SealedAttempt previous) {
    return transport.prepare(PARAMS, false, RequestOptions.defaults(), Duration.ofSeconds(5), previous);
  }

  private ResponseWriter writer(SealedAttempt attempt) throws Exception {
    return node.opener.open(attempt.sealed.envelope()).responseWriter(node.signingKey);
  }

  private static Response<ResponseBody> ok(byte[] chunk) {
    return Response.success(ResponseBody.create(CHUNK, chunk));
  }

  private static VerifiedNode verified(SignedDescriptor descriptor) {
    try {
      return new VerifiedNode(descriptor, descriptor.verify(
          AttestationPolicy.builder().allowInsecureDevAttestation().build(), TestNode.NOW));
    } catch (dev.silk.crypto.SilkCryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One node's health record, as the transport reports outcomes to it. */
  static final class FakeTarget implements NodeTarget {
    final List<Outcome> outcomes = new ArrayList<>();
    private final VerifiedNode node;

    FakeTarget(VerifiedNode node) {
      this.node = node;
    }

    @Override
    public HttpUrl baseUrl() {
      return HttpUrl.get("http://127.0.0.1:1/");
    }

    @Override
    public dev.silk.core.internal.node.NodeConnection api() {
      throw new UnsupportedOperationException("no HTTP in this test");
    }

    @Override
    public VerifiedNode node() {
      return node;
    }

    @Override
    public void invalidate(VerifiedNode stale) {
    }

    @Override
    public void started() {
    }

    @Override
    public void ended(Outcome outcome, Duration elapsed, Duration retryAfter) {
      outcomes.add(outcome);
    }
  }

  /** A chooser of one node, as a client of a fixed URL has. */
  static final class OneNode implements NodeChooser {
    private final FakeTarget target;

    OneNode(FakeTarget target) {
      this.target = target;
    }

    @Override
    public NodeTarget choose(String model, Set<NodeTarget> tried) {
      return target;
    }

    @Override
    public boolean failsOver() {
      return false;
    }

    @Override
    public List<SignedDescriptor> candidates() {
      return List.of(target.node().descriptor);
    }

    @Override
    public List<ModelInfo> prices(String model) {
      return List.of();
    }

    @Override
    public VerifiedNode single() {
      return target.node();
    }
  }
}
