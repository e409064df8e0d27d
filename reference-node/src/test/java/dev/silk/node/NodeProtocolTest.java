package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPublicKey;
import dev.silk.crypto.envelope.Recipient;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.error.NodeError;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The node's protocol behaviour seen from raw HTTP: refusals are typed and signed, and it keeps serving. */
class NodeProtocolTest {
  private static final MediaType ENVELOPE = MediaType.get("application/vnd.silk.envelope");
  private final OkHttpClient http = new OkHttpClient();

  private SignedDescriptor descriptor(LocalNode local) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(AttestationPolicy.builder().allowInsecureDevAttestation().build(), java.time.Instant.now());
      return d;
    }
  }

  private Response post(LocalNode local, byte[] body) throws IOException {
    return http.newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/sealed/chat/completions")
        .post(RequestBody.create(ENVELOPE, body)).build()).execute();
  }

  private static SealedRequest seal(SignedDescriptor d) {
    return RequestSealer.seal(RequestPayload.builder().model("echo")
        .body("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(UTF_8)).build(),
        d.recipient());
  }

  /** Reads a whole (non-streamed) sealed answer and returns the node's signed error, or null. */
  private static NodeError readAnswer(SealedRequest sealed, SignedDescriptor d, Response r) throws Exception {
    assertThat(r.code()).isEqualTo(200);
    ResponseReader reader = sealed.responseReader(d.signingKey());
    reader.read(r.body().bytes());
    assertThat(reader.isComplete()).isTrue();
    return reader.nodeError();
  }

  @Test
  void malformedEnvelopesGetSignedTypedErrorsAndTheNodeKeepsServing() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(local);
      byte[] good = seal(d).envelope();
      byte[][] bad = {new byte[0], "garbage".getBytes(UTF_8), java.util.Arrays.copyOf(good, 80), flip(good, 1),
          flip(good, 3), flip(good, 20), flip(good, good.length - 1)};
      ErrorCode[] expected = {ErrorCode.MALFORMED, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.MALFORMED,
          ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNSUPPORTED_SUITE, ErrorCode.WRONG_RECIPIENT,
          ErrorCode.DECRYPTION_FAILED};
      for (int i = 0; i < bad.length; i++) {
        try (Response r = post(local, bad[i])) {
          byte[] body = r.body().bytes();
          assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exception");
          NodeError error = NodeError.parse(body).verify(d.signingKey());
          assertThat(error.code()).as("case %d", i).isEqualTo(expected[i]);
          assertThat(r.code()).isEqualTo(expected[i] == ErrorCode.WRONG_RECIPIENT ? 421 : 400);
        }
      }
      SealedRequest sealed = seal(d);
      try (Response r = post(local, sealed.envelope())) {
        assertThat(readAnswer(sealed, d, r)).isNull();
      }
    }
  }

  @Test
  void oversizedBodiesAreRefusedBeforeAnyCrypto() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.limits(l -> l.maxBodyBytes(4096)))) {
      SignedDescriptor d = descriptor(local);
      try (Response r = post(local, new byte[5000])) {
        assertThat(r.code()).isEqualTo(413);
        assertThat(NodeError.parse(r.body().bytes()).verify(d.signingKey()).code()).isEqualTo(ErrorCode.MALFORMED);
      }
    }
  }

  @Test
  void aClientStillWritingAnOversizedBodyGetsThe413() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.limits(l -> l.maxBodyBytes(4096)))) {
      SignedDescriptor d = descriptor(local);
      assertThat(d.descriptor().maxEnvelopeBytes()).as("the limit is in the signed descriptor").isEqualTo(4096);
      for (int size : new int[] {64 << 10, 1 << 20, 6 << 20}) {
        try (Response r = post(local, new byte[size])) {
          assertThat(r.code()).as("%d bytes", size).isEqualTo(413);
          assertThat(NodeError.parse(r.body().bytes()).verify(d.signingKey()).code()).isEqualTo(ErrorCode.MALFORMED);
        }
      }
    }
  }

  @Test
  void aClientRefusesARequestLargerThanTheNodesSignedLimitBeforeSendingIt() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.limits(l -> l.maxBodyBytes(4096)))) {
      String big = String.join(" ", java.util.Collections.nCopies(1_000, "word"));
      try (dev.silk.core.SilkClient client = local.client()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.chat().completions().create(
            dev.silk.core.chat.ChatCompletionCreateParams.builder().model("echo")
                .addMessage(dev.silk.core.chat.ChatMessage.user(big)).build()))
            .isInstanceOfSatisfying(dev.silk.core.errors.BadRequestException.class,
                e -> assertThat(e.code()).isEqualTo("request_too_large"));
        assertThat(client.chat().completions().create(dev.silk.core.chat.ChatCompletionCreateParams.builder()
            .model("echo").addMessage(dev.silk.core.chat.ChatMessage.user("small")).build()).content())
            .isEqualTo("small");
      }
      try (Response r = new okhttp3.OkHttpClient().newCall(new Request.Builder().url(local.node.baseUrl() + "/metrics")
          .build()).execute()) {
        String text = r.body().string();
        assertThat(text).as("only the small request reached the node")
            .contains("silk_sealed_requests_total{outcome=\"answered\"} 1.0").doesNotContain("rejected_body_413");
      }
    }
  }

  @Test
  void replaysAreRefusedAcrossRestartsAndKeysPersist() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      SignedDescriptor before = descriptor(local);
      SealedRequest sealed = seal(before);
      try (Response r = post(local, sealed.envelope())) {
        assertThat(readAnswer(sealed, before, r)).isNull();
      }
      try (Response r = post(local, sealed.envelope())) {
        assertThat(readAnswer(sealed, before, r).code()).isEqualTo(ErrorCode.REPLAY);
      }

      local.restart();
      SignedDescriptor after = descriptor(local);
      assertThat(after.nodeId()).isEqualTo(before.nodeId()); // dev keys persisted
      assertRefusedAsReplay(local, sealed, before, after);

      // A request first served after the restart is refused after the next one too.
      SealedRequest fresh = seal(after);
      try (Response r = post(local, fresh.envelope())) {
        assertThat(readAnswer(fresh, after, r)).isNull();
      }
      local.restart();
      assertRefusedAsReplay(local, fresh, after, descriptor(local));
    }
  }

  /**
   * A restarted dev node re-signs its descriptor; if that happened within the same second the
   * descriptor (hence its hash) is unchanged and the replay database must refuse the envelope,
   * otherwise the envelope names a descriptor no longer served. Either way: refused, signed.
   */
  private void assertRefusedAsReplay(LocalNode local, SealedRequest sealed, SignedDescriptor sealedTo,
      SignedDescriptor now) throws Exception {
    try (Response r = post(local, sealed.envelope())) {
      if (java.util.Arrays.equals(now.hash(), sealedTo.hash())) {
        assertThat(readAnswer(sealed, sealedTo, r).code()).isEqualTo(ErrorCode.REPLAY);
      } else {
        assertThat(r.code()).isEqualTo(421);
        assertThat(NodeError.parse(r.body().bytes()).verify(now.signingKey()).code())
            .isEqualTo(ErrorCode.WRONG_RECIPIENT);
      }
    }
  }

  @Test
  void prometheusMetricsCountOutcomes() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(local);
      SealedRequest sealed = seal(d);
      try (Response r = post(local, sealed.envelope())) {
        assertThat(readAnswer(sealed, d, r)).isNull();
      }
      try (Response r = post(local, sealed.envelope())) {
        assertThat(readAnswer(sealed, d, r).code()).isEqualTo(ErrorCode.REPLAY);
      }
      try (Response r = post(local, "junk".getBytes(UTF_8))) {
        assertThat(r.code()).isEqualTo(400);
      }
      try (Response r = http.newCall(new Request.Builder().url(local.node.baseUrl() + "/metrics").build()).execute()) {
        String text = r.body().string();
        assertThat(text).contains("silk_sealed_requests_total{outcome=\"answered\"} 1.0");
        assertThat(text).contains("silk_sealed_requests_total{outcome=\"refused_replay\"} 1.0");
        assertThat(text).contains("silk_sealed_requests_total{outcome=\"rejected_unsupported_version\"} 1.0");
        assertThat(text).contains("silk_sealed_request_seconds_count 2");
        assertThat(text).contains("silk_requests_in_flight 0.0");
      }
    }
  }

  @Test
  void plainBenchmarkEndpointIsOffUnlessAskedFor() throws Exception {
    byte[] json = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"plain\"}]}".getBytes(UTF_8);
    Request plain = new Request.Builder().post(RequestBody.create(MediaType.get("application/json"), json))
        .url("http://x/v1/plain/chat/completions").build();
    try (LocalNode off = new LocalNode(b -> b);
        Response r = http.newCall(plain.newBuilder().url(off.node.baseUrl() + "/v1/plain/chat/completions").build())
            .execute()) {
      assertThat(r.code()).isEqualTo(404);
    }
    try (LocalNode on = new LocalNode(b -> b.benchmarkPlainEndpoint(true));
        Response r = http.newCall(plain.newBuilder().url(on.node.baseUrl() + "/v1/plain/chat/completions").build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("\"content\":\"plain\"");
      assertThat(new String(on.node.descriptor().toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("plain");
    }
  }

  @Test
  void healthAndModelsAnswer() throws Exception {
    try (LocalNode local = new LocalNode(b -> b);
        Response health = http.newCall(new Request.Builder().url(local.node.baseUrl() + "/health").build()).execute();
        Response models = http.newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/models").build()).execute()) {
      assertThat(health.code()).isEqualTo(200);
      assertThat(health.body().string()).contains("\"status\":\"ok\"").contains(local.node.descriptor().nodeId().toHex());
      assertThat(models.body().string()).contains("\"id\":\"echo\"");
    }
  }

  @Test
  void clientRefetchesTheDescriptorWhenTheNodeChangedKeys() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      SilkClient client = local.client();
      client.chat().completions().create(dev.silk.core.chat.ChatCompletionCreateParams.builder().model("echo")
          .addMessage(dev.silk.core.chat.ChatMessage.user("first")).build());
      SignedDescriptor old = client.node();
      int port = local.node.port();
      local.node.close();
      // Same address, new identity (fresh keys): the first attempt is misdirected (421), the client
      // refetches and verifies the new descriptor, and retries.
      java.nio.file.Path fresh = java.nio.file.Files.createTempDirectory("silk-node-rekeyed");
      local.node = SilkNode.start(NodeConfig.builder().dataDir(fresh).port(port).build());
      assertThat(local.node.descriptor().nodeId()).isNotEqualTo(old.nodeId());
      assertThat(client.chat().completions().create(dev.silk.core.chat.ChatCompletionCreateParams.builder()
          .model("echo").addMessage(dev.silk.core.chat.ChatMessage.user("second")).build()).content())
          .isEqualTo("second");
      assertThat(client.node().nodeId()).isEqualTo(local.node.descriptor().nodeId());
      client.close();
      LocalNode.deleteRecursively(fresh);
    }
  }

  /**
   * Every node offers X-Wing and X25519: a client with X-Wing seals with it (the descriptor's
   * strongest suite), one without it (an app that left BouncyCastle out) with X25519, and both
   * get verified answers; the same request sealed both ways is two requests, each answered once.
   */
  @Test
  void theNodeOffersXWingAndX25519AndAnswersBoth() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(local);
      assertThat(d.descriptor().hpkeKeys()).extracting(k -> k.suite())
          .containsExactly(HpkeSuite.XWING_SHA256_AES128GCM, HpkeSuite.X25519_SHA256_AES128GCM);
      assertThat(d.recipient().key().suite()).isEqualTo(HpkeSuite.XWING_SHA256_AES128GCM);
      for (KemPublicKey key : d.descriptor().hpkeKeys()) {
        SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo")
            .body("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(UTF_8))
            .build(), Recipient.of(d.nodeId(), d.hash(), key));
        assertThat(((sealed.envelope()[2] & 0xff) << 8) | (sealed.envelope()[3] & 0xff)).isEqualTo(key.suite().kemId());
        try (Response r = post(local, sealed.envelope())) {
          assertThat(readAnswer(sealed, d, r)).as("%s", key.suite()).isNull();
        }
        try (Response again = post(local, sealed.envelope())) {
          assertThat(readAnswer(sealed, d, again).code()).as("replayed %s", key.suite()).isEqualTo(ErrorCode.REPLAY);
        }
      }
    }
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }
}
