package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.bhttp.BinaryRequest;
import dev.silk.crypto.bhttp.BinaryResponse;
import dev.silk.crypto.bhttp.Fields;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.ohttp.KeyConfig;
import dev.silk.crypto.ohttp.ObliviousRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The reference node as its own Oblivious HTTP gateway (RFC 9458): it publishes the key
 * configuration of its descriptor's X25519 key, opens a {@code message/ohttp-req} whose Binary
 * HTTP request carries a sealed envelope, and answers with the sealed answer inside a
 * {@code message/ohttp-res}; the client verifies the answer and its receipt as on the direct path.
 */
class ObliviousGatewayTest {
  private final OkHttpClient http = new OkHttpClient();

  @Test
  void aSealedRequestThroughOhttpIsAnsweredAndVerified() throws Exception {
    try (LocalNode node = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(node);
      List<KeyConfig> published = KeyConfig.parseList(get(node, HttpBinding.OHTTP_KEYS));
      KeyConfig config = KeyConfig.ofNode(d);
      assertThat(published).as("the published key is the descriptor's, bound by its signature")
          .containsExactly(config);

      SealedRequest sealed = seal(d, "through a relay");
      ObliviousRequest request = ObliviousRequest.encapsulate(config, BinaryRequest.builder().method("POST")
          .scheme("https").authority("node.example").path("/" + HttpBinding.SEALED_CHAT)
          .headers(Fields.of("content-type", HttpBinding.ENVELOPE_TYPE)).content(sealed.envelope()).build().encode());
      BinaryResponse answer;
      try (Response r = post(node, request.encapsulated())) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(HttpBinding.OHTTP_RESPONSE_TYPE);
        answer = BinaryResponse.decode(request.openResponse(r.body().bytes()));
      }
      assertThat(answer.status()).isEqualTo(200);
      ResponseReader reader = sealed.responseReader(d.signingKey());
      String text = new String(reader.read(answer.content()).data(), StandardCharsets.UTF_8);
      assertThat(text).contains("through a relay");
      assertThat(reader.isComplete()).isTrue();
      assertThat(reader.receipt().receipt().requestId()).isEqualTo(sealed.requestId());

      // The same encapsulated request again (a relay replaying it): the envelope inside is refused.
      try (Response again = post(node, request.encapsulated())) {
        assertThat(again.code()).isEqualTo(200);
      }
      assertThat(NodeMetrics.sealedRequests(node.node.baseUrl(), "refused_replay")).isEqualTo(1);
    }
  }

  /** A streamed answer arrives whole through the gateway: every event, in order, verified as on the direct path. */
  @Test
  void aStreamedAnswerArrivesWholeAndVerifies() throws Exception {
    try (LocalNode node = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(node);
      SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").stream(true)
          .body("{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}"
              .getBytes(StandardCharsets.UTF_8)).build(), d.recipient());
      ObliviousRequest request = ObliviousRequest.encapsulate(KeyConfig.ofNode(d),
          BinaryRequest.builder().method("POST").scheme("https").authority("node").path("/" + HttpBinding.SEALED_CHAT)
              .content(sealed.envelope()).build().encode());
      BinaryResponse answer;
      try (Response r = post(node, request.encapsulated())) {
        answer = BinaryResponse.decode(request.openResponse(r.body().bytes()));
      }
      assertThat(answer.headers().get("content-type")).isEqualTo("text/event-stream");
      ResponseReader reader = sealed.responseReader(d.signingKey());
      StringBuilder text = new StringBuilder();
      int events = 0;
      for (String line : new String(answer.content(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("data: ")) {
          events++;
          text.append(new String(reader.read(java.util.Base64.getDecoder().decode(line.substring(6))).data(),
              StandardCharsets.UTF_8));
        }
      }
      assertThat(events).isGreaterThan(1);
      assertThat(reader.isComplete()).isTrue();
      assertThat(reader.receipt().receipt().requestId()).isEqualTo(sealed.requestId());
      assertThat(text.toString()).contains("three");
    }
  }

  @Test
  void whatDoesNotOpenOrIsNotASealedChatIsRefused() throws Exception {
    try (LocalNode node = new LocalNode(b -> b)) {
      SignedDescriptor d = descriptor(node);
      KeyConfig config = KeyConfig.ofNode(d);
      byte[] wire = ObliviousRequest.encapsulate(config, BinaryRequest.builder().method("POST").scheme("https")
          .authority("x").path("/" + HttpBinding.SEALED_CHAT).content(seal(d, "x").envelope()).build().encode())
          .encapsulated();
      wire[wire.length - 1] ^= 1;
      try (Response r = post(node, wire)) {
        assertThat(r.code()).as("a changed byte: a plain 400, nothing encapsulated").isEqualTo(400);
      }
      ObliviousRequest elsewhere = ObliviousRequest.encapsulate(config, BinaryRequest.builder().method("GET")
          .scheme("https").authority("x").path("/metrics").build().encode());
      try (Response r = post(node, elsewhere.encapsulated())) {
        assertThat(BinaryResponse.decode(elsewhere.openResponse(r.body().bytes())).status())
            .as("the gateway forwards sealed chats only").isEqualTo(404);
      }
      ObliviousRequest garbage = ObliviousRequest.encapsulate(config, new byte[] {0x0f});
      try (Response r = post(node, garbage.encapsulated())) {
        assertThat(BinaryResponse.decode(garbage.openResponse(r.body().bytes())).status()).isEqualTo(400);
      }
      ObliviousRequest unsealed = ObliviousRequest.encapsulate(config, BinaryRequest.builder().method("POST")
          .scheme("https").authority("x").path("/" + HttpBinding.SEALED_CHAT).content(new byte[] {1, 2, 3}).build()
          .encode());
      try (Response r = post(node, unsealed.encapsulated())) {
        BinaryResponse answer = BinaryResponse.decode(unsealed.openResponse(r.body().bytes()));
        assertThat(answer.status()).as("the sealed route's own refusal, encapsulated").isEqualTo(400);
        ErrorCode direct;
        try (Response d2 = http.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + HttpBinding.SEALED_CHAT)
            .post(RequestBody.create(MediaType.get(HttpBinding.ENVELOPE_TYPE), new byte[] {1, 2, 3})).build())
            .execute()) {
          assertThat(d2.code()).isEqualTo(400);
          direct = dev.silk.crypto.error.NodeError.parse(d2.body().bytes()).code();
        }
        assertThat(dev.silk.crypto.error.NodeError.parse(answer.content()).code()).as("as on the direct path")
            .isEqualTo(direct);
      }
    }
  }

  private static SealedRequest seal(SignedDescriptor d, String prompt) {
    return RequestSealer.seal(RequestPayload.builder().model("echo").body(("{\"model\":\"echo\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8)).build(),
        d.recipient());
  }

  private SignedDescriptor descriptor(LocalNode node) throws Exception {
    SignedDescriptor d = SignedDescriptor.parse(get(node, HttpBinding.NODE));
    d.verify(LocalNode.DEV, Instant.now());
    return d;
  }

  private byte[] get(LocalNode node, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + path).build()).execute()) {
      return r.body().bytes();
    }
  }

  private Response post(LocalNode node, byte[] body) throws Exception {
    return http.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + HttpBinding.OHTTP)
        .post(RequestBody.create(MediaType.get(HttpBinding.OHTTP_REQUEST_TYPE), body)).build()).execute();
  }
}
