package dev.silk.node;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.silk.core.RequestOptions;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.ContentPart;
import dev.silk.core.chat.ResponseFormat;
import dev.silk.core.errors.StructuredOutputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Structured outputs, image parts and per-call extras through a real node and client: to the
 * node's {@code openai} upstream (WireMock) unchanged, and answered by the echo model.
 */
class StructuredAndVisionTest {
  /** What the answer must fit. */
  record Weather(String city, double celsius, List<String> notes, Sky sky) {}

  enum Sky { CLEAR, CLOUDY }

  private static final byte[] PIXEL = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
  private static final String MARKER = "trace-marker-7f3a";

  private WireMockServer upstream;
  private LocalNode openAiNode;
  private LocalNode echoNode;
  private final List<byte[]> sentToNode = Collections.synchronizedList(new ArrayList<>());
  private final List<String> headersToNode = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    openAiNode = new LocalNode(b -> b.openAiUpstream("http://127.0.0.1:" + upstream.port(), "gpt-4o-mini", "vision",
        "upstream-token"));
    echoNode = new LocalNode(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    openAiNode.close();
    echoNode.close();
    upstream.stop();
  }

  /** A client that records every request body and header it puts on the wire. */
  private SilkClient client(LocalNode node) {
    OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      okhttp3.Request request = chain.request();
      if (request.body() != null) {
        Buffer body = new Buffer();
        request.body().writeTo(body);
        sentToNode.add(body.readByteArray());
      }
      headersToNode.add(request.headers().toString());
      return chain.proceed(request);
    }).build();
    return node.client(http, b -> b.maxRetries(0));
  }

  @Test
  void structuredOutputAndImagesReachTheUpstreamAndTheAnswerParses() throws Exception {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"up-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"{\\\"city\\\":\\\"Dubai\\\",\\\"celsius\\\":31.5,\\\"notes\\\":[\\\"humid\\\"],\\\"sky\\\":\\\"CLEAR\\\"}\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":12}}")));
    try (SilkClient client = client(openAiNode)) {
      ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("vision")
          .addMessage(ChatMessage.user(ContentPart.text("Weather on this photo?"),
              ContentPart.image(PIXEL, "image/png"),
              ContentPart.imageUrl("https://example.com/sky.jpg", "low")))
          .responseFormat(ResponseFormat.jsonSchema(Weather.class))
          .seed(42)
          .topP(0.5)
          .build(), RequestOptions.builder()
          .putExtraBodyProperty("logit_bias", Collections.singletonMap("50256", -100))
          .putExtraBodyProperty("metadata", Collections.singletonMap("trace", MARKER))
          .putAdditionalHeader("X-Trace-Id", "t-1")
          .build());

      assertThat(answer.parse(Weather.class)).isEqualTo(new Weather("Dubai", 31.5, Arrays.asList("humid"), Sky.CLEAR));
      assertThat(answer.receipt()).isNotNull();
    }
    String dataUrl = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(PIXEL);
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.messages[0].content[0].type", equalTo("text")))
        .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", equalTo("Weather on this photo?")))
        .withRequestBody(matchingJsonPath("$.messages[0].content[1].image_url.url", equalTo(dataUrl)))
        .withRequestBody(matchingJsonPath("$.messages[0].content[2].image_url.detail", equalTo("low")))
        .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
        .withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo("Weather")))
        .withRequestBody(matchingJsonPath("$.response_format.json_schema.strict", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.response_format.json_schema.schema", equalToJson(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"celsius\":{\"type\":\"number\"},"
                + "\"notes\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"sky\":{\"type\":\"string\",\"enum\":[\"CLEAR\",\"CLOUDY\"]}},"
                + "\"required\":[\"city\",\"celsius\",\"notes\",\"sky\"],\"additionalProperties\":false}")))
        .withRequestBody(matchingJsonPath("$.seed", equalTo("42")))
        .withRequestBody(matchingJsonPath("$.top_p", equalTo("0.5")))
        .withRequestBody(matchingJsonPath("$.logit_bias.50256", equalTo("-100")))
        .withRequestBody(matchingJsonPath("$.metadata.trace", equalTo(MARKER)))
        // The caller's headers are for the node, not for its upstream.
        .withHeader("X-Trace-Id", absent()));
    // The extras travelled sealed: not a byte of them in clear between client and node.
    assertThat(sentToNode).isNotEmpty();
    for (byte[] body : sentToNode) {
      assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER).doesNotContain("logit_bias")
          .doesNotContain("Weather");
    }
    assertThat(headersToNode).anyMatch(h -> h.contains("X-Trace-Id: t-1"));
  }

  @Test
  void echoAnswersAnInstanceOfTheSchemaAndDescribesImages() {
    try (SilkClient client = client(echoNode)) {
      ChatCompletion described = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("echo")
          .addMessage(ChatMessage.user(ContentPart.text("look"), ContentPart.image(PIXEL, "image/png"),
              ContentPart.imageUrl("https://example.com/a.png")))
          .build());
      assertThat(described.content()).isEqualTo("look [image image/png, 12 bytes] [image https://example.com/a.png]");

      ChatCompletion structured = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("echo")
          .addMessage(ChatMessage.user("Sunny Dubai"))
          .responseFormat(ResponseFormat.jsonSchema(Weather.class))
          .build());
      assertThat(structured.parse(Weather.class))
          .isEqualTo(new Weather("Sunny Dubai", 2, Arrays.asList("Sunny Dubai"), Sky.CLEAR));
    }
  }

  @Test
  void anAnswerCutShortOrOfAnotherShapeIsATypedFailureThatQuotesNothing() {
    try (SilkClient client = client(echoNode)) {
      ChatCompletion cut = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("echo")
          .addMessage(ChatMessage.user("Sunny Dubai"))
          .responseFormat(ResponseFormat.jsonSchema(Weather.class))
          .maxTokens(1)
          .build());
      assertThatThrownBy(() -> cut.parse(Weather.class))
          .isInstanceOfSatisfying(StructuredOutputException.class, e -> {
            assertThat(e.code()).isEqualTo("structured_output");
            assertThat(e.finishReason()).isEqualTo("length");
          });

      ChatCompletion text = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("echo")
          .addMessage(ChatMessage.user("{\"city\": \"Secret Town\"}"))
          .build());
      assertThatThrownBy(() -> text.parse(Weather.class))
          .isInstanceOf(StructuredOutputException.class)
          .hasMessageContaining("not JSON of Weather")
          .hasMessageNotContaining("Secret");
    }
  }
}
