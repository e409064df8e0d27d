package dev.silk.node;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.errors.NodeErrorException;
import dev.silk.core.stream.StreamResponse;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code openai} backend against WireMock standing in for an OpenAI-compatible upstream. */
class OpenAiUpstreamTest {
  private static final ChatCompletionCreateParams ASK = ChatCompletionCreateParams.builder()
      .model("llama").addMessage(ChatMessage.user("What is TON?")).build();

  private static final Tool PRICE =
      Tool.function("price", "Coin price", Collections.singletonMap("type", (Object) "object"));

  private WireMockServer upstream;
  private LocalNode local;
  private SilkClient client;

  @BeforeEach
  void start() throws Exception {
    upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    local = new LocalNode(b -> b.openAiUpstream("http://127.0.0.1:" + upstream.port(), "llama-3.1-8b-instruct",
        "llama", "upstream-token"));
    client = local.client(new okhttp3.OkHttpClient(), b -> b.maxRetries(0));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    local.close();
    upstream.stop();
  }

  @Test
  void wholeAnswerComesFromTheUpstreamWithItsUsage() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"up-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"llama-3.1-8b-instruct\","
            + "\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"TON is a blockchain.\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":6,\"total_tokens\":17}}")));

    ChatCompletion answer = client.chat().completions().create(ASK);

    assertThat(answer.content()).isEqualTo("TON is a blockchain.");
    assertThat(answer.model()).isEqualTo("llama");
    assertThat(answer.usage().promptTokens()).isEqualTo(11);
    assertThat(answer.receipt().receipt().completionTokens()).isEqualTo(6);
    assertThat(local.node.descriptor().descriptor().models().get(0).backend()).isEqualTo("openai");
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer upstream-token"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("llama-3.1-8b-instruct")))
        .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("What is TON?"))));
  }

  @Test
  void streamedAnswerIsForwardedChunkByChunkWithUpstreamUsage() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "text/event-stream")
        .withBody(sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}")
            + sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"TON \"}}]}")
            + sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"pays.\"},\"finish_reason\":\"stop\"}]}")
            + sse("{\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13}}")
            + "data: [DONE]\n\n")));

    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ASK)) {
      ChatCompletionChunk last = null;
      while (stream.hasNext()) {
        last = stream.next();
        text.append(last.delta());
      }
      assertThat(last.usage().completionTokens()).isEqualTo(2);
      assertThat(stream.receipt().receipt().promptTokens()).isEqualTo(11);
    }
    assertThat(text.toString()).isEqualTo("TON pays.");
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
  }

  @Test
  void toolCallsAreForwardedBothWays() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"up-2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
            + "\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"price\","
            + "\"arguments\":\"{\\\"coin\\\":\\\"TON\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9}}")));
    ChatCompletion answer = client.chat().completions().create(ASK.toBuilder().addTool(PRICE).build());
    assertThat(answer.choices().get(0).message().toolCalls().get(0).arguments()).isEqualTo("{\"coin\":\"TON\"}");
    upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("price"))));
  }

  @Test
  void streamedToolCallFragmentsAreMerged() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "text/event-stream")
        .withBody(sse("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\","
                + "\"type\":\"function\",\"function\":{\"name\":\"price\",\"arguments\":\"{\\\"co\"}}]}}]}")
            + sse("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"in\\\":\\\"TON\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}")
            + "data: [DONE]\n\n")));
    ChatCompletionChunk last = null;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ASK.toBuilder().addTool(PRICE).build())) {
      while (stream.hasNext()) {
        last = stream.next();
      }
    }
    assertThat(last.finishReason()).isEqualTo("tool_calls");
    assertThat(last.toolCalls()).hasSize(1);
    assertThat(last.toolCalls().get(0).id()).isEqualTo("call_7");
    assertThat(last.toolCalls().get(0).arguments()).isEqualTo("{\"coin\":\"TON\"}");
  }

  @Test
  void upstreamFailureIsASignedNodeError() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
        .withBody("{\"error\":\"boom: What is TON?\"}")));
    assertThatThrownBy(() -> client.chat().completions().create(ASK))
        .isInstanceOfSatisfying(NodeErrorException.class, e -> {
          assertThat(e.code()).isEqualTo("internal");
          assertThat(e.getMessage()).doesNotContain("What is TON?");
        });
  }

  private static String sse(String json) {
    return "data: " + json + "\n\n";
  }
}
