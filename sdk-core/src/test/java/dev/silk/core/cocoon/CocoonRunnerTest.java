package dev.silk.core.cocoon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.silk.core.RequestOptions;
import dev.silk.core.SilkClient;
import dev.silk.core.VerificationLevel;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.CocoonRunnerException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.UnsupportedFeatureException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The COCOON runner transport against WireMock standing in for the runner, with the runner's
 * documented shapes: model list with workers, answers whose usage carries nanoTON costs, SSE
 * with usage before {@code [DONE]}, and its error object.
 */
class CocoonRunnerTest {
  /** Every field the runner accepts in a chat request; anything else it answers "unknown option". */
  private static final Set<String> RUNNER_FIELDS = new HashSet<>(Arrays.asList("model", "messages", "temperature",
      "max_tokens", "stop", "stream", "stream_options", "max_coefficient", "timeout", "request_guid"));
  private static final String ANSWER = "{\"id\":\"chatcmpl-abc123\",\"object\":\"chat.completion\","
      + "\"created\":1700000000,\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":8,\"total_tokens\":33,\"prompt_total_cost\":2500,"
      + "\"completion_total_cost\":800,\"total_cost\":3300}}";

  private WireMockServer runner;
  private SilkClient client;

  @BeforeEach
  void start() {
    runner = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    runner.start();
    client = clientBuilder().build();
  }

  private SilkClient.Builder clientBuilder() {
    return SilkClient.builder().cocoonRunner("http://127.0.0.1:" + runner.port()).maxRetries(0);
  }

  @AfterEach
  void stop() {
    client.close();
    runner.stop();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("Qwen/Qwen3-0.6B")
        .addMessage(ChatMessage.system("Be brief.")).addMessage(ChatMessage.user(text)).maxTokens(100).build();
  }

  private Map<String, Object> lastRequestJson() throws Exception {
    List<ServeEvent> events = runner.getAllServeEvents();
    assertThat(events).isNotEmpty();
    return new Moshi.Builder().build().<Map<String, Object>>adapter(
        Types.newParameterizedType(Map.class, String.class, Object.class))
        .fromJson(events.get(0).getRequest().getBodyAsString());
  }

  @Test
  void listsModelsWithTheirWorkers() {
    runner.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"object\":\"list\","
        + "\"data\":[{\"id\":\"Qwen/Qwen3-32B\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"cocoon\","
        + "\"workers\":[{\"coefficient\":1000,\"running_requests\":2,\"max_running_requests\":8},"
        + "{\"coefficient\":3500,\"running_requests\":0,\"max_running_requests\":4}]},"
        + "{\"id\":\"Qwen/Qwen3-0.6B\",\"object\":\"model\",\"created\":1700000001,\"owned_by\":\"cocoon\","
        + "\"workers\":[]}]}")));

    List<Model> models = client.models().list();

    assertThat(models).extracting(Model::id).containsExactly("Qwen/Qwen3-32B", "Qwen/Qwen3-0.6B");
    Model first = models.get(0);
    assertThat(first.ownedBy()).isEqualTo("cocoon");
    assertThat(first.created()).isEqualTo(1700000000L);
    assertThat(first.workers()).hasSize(2);
    assertThat(first.workers().get(1).coefficient()).isEqualTo(3500);
    assertThat(first.workers().get(0).runningRequests()).isEqualTo(2);
    assertThat(first.workers().get(0).maxRunningRequests()).isEqualTo(8);
    assertThat(first.promptPricePer1k()).isEmpty();
  }

  @Test
  void answersWithTheRunnersCostAndSaysItIsNotSilkVerified() throws Exception {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(ANSWER)));

    ChatCompletion answer = client.chat().completions().create(ask("What is the capital of France?"),
        RequestOptions.builder().timeout(Duration.ofSeconds(30))
            .cocoon(CocoonOptions.builder().maxCoefficient(1500).requestGuid("order-42").build()).build());

    assertThat(answer.content()).isEqualTo("The capital of France is Paris.");
    assertThat(answer.usage().promptTokens()).isEqualTo(25);
    assertThat(answer.usage().completionTokens()).isEqualTo(8);
    assertThat(answer.cost()).isEqualTo(TonAmount.ofNanoton(3300));
    assertThat(answer.verification().level()).isEqualTo(VerificationLevel.COCOON_RUNNER);
    assertThat(answer.verification().level().description()).isEqualTo("transport-attested by the COCOON runner");
    assertThat(answer.verification().receipt()).isEmpty();
    assertThatIllegalStateException().isThrownBy(answer::receipt).withMessageContaining("COCOON runner");
    assertThatIllegalStateException().isThrownBy(answer::attestation);

    Map<String, Object> sent = lastRequestJson();
    assertThat(RUNNER_FIELDS).containsAll(sent.keySet());
    assertThat(sent).containsEntry("model", "Qwen/Qwen3-0.6B").containsEntry("max_tokens", 100.0)
        .containsEntry("max_coefficient", 1500.0).containsEntry("request_guid", "order-42")
        .containsEntry("timeout", 30.0).doesNotContainKey("stream");
    assertThat((List<?>) sent.get("messages")).hasSize(2);
  }

  @Test
  void clientDefaultsForCocoonFieldsApplyUnlessTheCallOverrides() throws Exception {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(ANSWER)));
    try (SilkClient withDefaults = SilkClient.builder()
        .cocoonRunner("http://127.0.0.1:" + runner.port(), CocoonOptions.builder().maxCoefficient(2000).build())
        .timeout(Duration.ofSeconds(7)).build()) {
      withDefaults.chat().completions().create(ask("a"),
          RequestOptions.builder().cocoon(CocoonOptions.builder().requestGuid("g1").build()).build());
    }
    assertThat(lastRequestJson()).containsEntry("max_coefficient", 2000.0).containsEntry("request_guid", "g1")
        .containsEntry("timeout", 7.0);
  }

  @Test
  void streamsWithUsageAndCostBeforeDone() throws Exception {
    String sse = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"1,\"},"
        + "\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" 2\"},"
        + "\"finish_reason\":\"stop\"}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
        + "\"total_tokens\":13,\"prompt_total_cost\":1000,\"completion_total_cost\":600,\"total_cost\":1600}}\n\n"
        + "data: [DONE]\n\n";
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody(sse)));

    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("count"))) {
      assertThatIllegalStateException().isThrownBy(stream::verification);
      while (stream.hasNext()) {
        ChatCompletionChunk chunk = stream.next();
        chunks.add(chunk);
        text.append(chunk.delta());
      }
      assertThat(stream.cost()).isEqualTo(TonAmount.ofNanoton(1600));
      assertThat(stream.verification().level()).isEqualTo(VerificationLevel.COCOON_RUNNER);
      assertThatIllegalStateException().isThrownBy(stream::receipt);
    }
    assertThat(text.toString()).isEqualTo("1, 2");
    assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(3);

    Map<String, Object> sent = lastRequestJson();
    assertThat(RUNNER_FIELDS).containsAll(sent.keySet());
    assertThat(sent).containsEntry("stream", true);
    assertThat(sent.get("stream_options")).isEqualTo(Collections.singletonMap("include_usage", true));

    ChatCompletion folded = client.chat().completions().stream(ask("count"), c -> { }, RequestOptions.defaults())
        .get(10, TimeUnit.SECONDS);
    assertThat(folded.content()).isEqualTo("1, 2");
    assertThat(folded.cost()).isEqualTo(TonAmount.ofNanoton(1600));
  }

  @Test
  void aStreamThatEndsWithoutDoneIsTruncated() {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody("data: {\"id\":\"c\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"par\"}}]}\n\n")));
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("x"))) {
      assertThat(stream.next().delta()).isEqualTo("par");
      assertThatThrownBy(stream::hasNext).isInstanceOf(VerificationException.class)
          .extracting("code").isEqualTo("stream_truncated");
    }
  }

  @Test
  void runnerErrorsBecomeTypedExceptions() {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(502).withBody(
        "{\"error_code\":502,\"error\":\"no available workers for model Qwen/Qwen3-0.6B\",\"proxy\":\"proxy1:11001\"}")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOfSatisfying(CocoonRunnerException.class, e -> {
          assertThat(e.code()).isEqualTo("cocoon_unavailable");
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.runnerErrorCode()).isEqualTo("502");
          assertThat(e.proxy()).isEqualTo("proxy1:11001");
          assertThat(e.worker()).isNull();
          assertThat(e.getMessage()).contains("no available workers");
        });

    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody(
        "{\"error_code\":-400,\"error\":\"worker failed\",\"proxy\":\"p\",\"worker\":\"w7\"}")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOfSatisfying(CocoonRunnerException.class, e -> {
          assertThat(e.code()).isEqualTo("cocoon_error");
          assertThat(e.runnerErrorCode()).isEqualTo("-400");
          assertThat(e.worker()).isEqualTo("w7");
        });

    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(504).withBody(
        "{\"error_code\":504,\"error\":\"request timeout after 120s\"}")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOf(SilkTimeoutException.class).extracting("code").isEqualTo("cocoon_timeout");

    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody(
        "{\"error_code\":400,\"error\":\"unknown option 'logprobs'\"}")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOf(BadRequestException.class).extracting("code").isEqualTo("cocoon_rejected_field");

    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(502).withBody("<html>bad gateway")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOf(CocoonRunnerException.class).hasMessageContaining("HTTP 502");
  }

  @Test
  void anErrorDuringAStreamIsTyped() {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(502).withBody(
        "{\"error_code\":502,\"error\":\"proxy not ready\"}")));
    assertThatThrownBy(() -> client.chat().completions().createStreaming(ask("x")))
        .isInstanceOf(CocoonRunnerException.class).extracting("code").isEqualTo("cocoon_unavailable");
  }

  @Test
  void featuresTheRunnerRefusesFailBeforeAnythingIsSent() {
    ChatCompletionCreateParams withTools = ask("x").toBuilder()
        .addTool(Tool.function("lookup", "find a thing", Collections.singletonMap("type", "object"))).build();
    assertThatThrownBy(() -> client.chat().completions().create(withTools))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("tools")
        .hasMessageContaining("not available on COCOON").extracting("code").isEqualTo("unsupported_feature");
    assertThatThrownBy(() -> client.chat().completions().createStreaming(withTools))
        .isInstanceOf(UnsupportedFeatureException.class);
    assertThat(client.chat().completions().createAsync(withTools)).isCompletedExceptionally();

    ChatCompletionCreateParams json = ask("x").toBuilder().jsonObjectResponse(true).build();
    assertThatThrownBy(() -> client.chat().completions().create(json))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("response_format");

    ChatCompletionCreateParams schema = ask("x").toBuilder().responseFormat(dev.silk.core.chat.ResponseFormat
        .jsonSchema("answer", Collections.singletonMap("type", "object"), false)).build();
    assertThatThrownBy(() -> client.chat().completions().create(schema))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("JSON schemas");
    ChatCompletionCreateParams image = ChatCompletionCreateParams.builder().model("Qwen/Qwen3-0.6B")
        .addMessage(ChatMessage.user(dev.silk.core.chat.ContentPart.imageUrl("https://example.com/a.png"))).build();
    assertThatThrownBy(() -> client.chat().completions().create(image))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("content parts");
    assertThatThrownBy(() -> client.chat().completions().create(ask("x"),
        RequestOptions.builder().putExtraBodyProperty("user", "u-1").build()))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("extra body");
    assertThatThrownBy(() -> client.chat().completions().create(ask("x").toBuilder().seed(7).build()))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("seed");

    ChatCompletionCreateParams toolTurn = ask("x").toBuilder()
        .addMessage(ChatMessage.assistantToolCalls(Collections.singletonList(ToolCall.of("c1", "lookup", "{}"))))
        .addMessage(ChatMessage.tool("c1", "42")).build();
    assertThatThrownBy(() -> client.chat().completions().create(toolTurn))
        .isInstanceOf(UnsupportedFeatureException.class);

    runner.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void aSlowRunnerTimesOutAndIsToldTheSameTimeout() throws Exception {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(ANSWER)
        .withFixedDelay(3_000)));
    RequestOptions quick = RequestOptions.builder().timeout(Duration.ofMillis(500)).build();
    assertThatThrownBy(() -> client.chat().completions().create(ask("x"), quick))
        .isInstanceOf(SilkTimeoutException.class);
    assertThat(lastRequestJson()).containsEntry("timeout", 0.5);
  }

  @Test
  void aClientThatRequiresSilkReceiptsNeverReachesARunner() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> clientBuilder().requireSilkReceipts().build())
        .withMessageContaining("requireSilkReceipts");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> clientBuilder().baseUrl("http://127.0.0.1:1").build())
        .withMessageContaining("exactly one");
    assertThat(runner.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRunnerClientHasNoSilkDescriptor() {
    assertThatIllegalStateException().isThrownBy(client::node).withMessageContaining("COCOON runner");
    assertThatIllegalStateException().isThrownBy(client::attestation);
  }

  @Test
  void plainHttpToARemoteRunnerIsRefusedUnlessAllowed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SilkClient.builder().cocoonRunner("http://runner.example:10000").build())
        .withMessageContaining("plain http://");
    SilkClient.builder().cocoonRunner("http://runner.example:10000").allowInsecurePlainHttpBeyondLoopback().build()
        .close();
    assertThat(SilkClient.DEFAULT_COCOON_RUNNER).isEqualTo("http://127.0.0.1:10000");
  }

  @Test
  void costsCountAgainstASharedBudgetAndTheCapStopsFurtherRequests() {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(ANSWER)));
    Budget budget = Budget.of(SpendingCaps.builder().maxTotalSpend(TonAmount.ofNanoton(5000)).build());
    try (SilkClient capped = clientBuilder().budget(budget).build()) {
      capped.chat().completions().create(ask("one"));
      assertThat(budget.spent()).isEqualTo(TonAmount.ofNanoton(3300));
      capped.chat().completions().create(ask("two"));
      assertThat(budget.spent()).isEqualTo(TonAmount.ofNanoton(6600));
      assertThatThrownBy(() -> capped.chat().completions().create(ask("three")))
          .isInstanceOf(BudgetExceededException.class).extracting("code").isEqualTo("budget_exceeded");
    }
    runner.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void asyncAnswersAndFailures() throws Exception {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(ANSWER)));
    ChatCompletion answer = client.chat().completions().createAsync(ask("x")).get(10, TimeUnit.SECONDS);
    assertThat(answer.cost()).isEqualTo(TonAmount.ofNanoton(3300));

    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(504).withBody("{}")));
    assertThatThrownBy(() -> client.chat().completions().createAsync(ask("x")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SilkTimeoutException.class);
  }

  @Test
  void legacyTextCompletionsGoToV1Completions() throws Exception {
    runner.stubFor(post("/v1/completions").willReturn(aResponse().withStatus(200).withBody("{\"id\":\"cmpl-abc\","
        + "\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":"
        + "[{\"index\":0,\"text\":\" Paris.\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":6,"
        + "\"completion_tokens\":20,\"total_tokens\":26,\"total_cost\":2600}}")));
    TextCompletionCreateParams params = TextCompletionCreateParams.builder().model("Qwen/Qwen3-0.6B")
        .prompt("The capital of France is").maxTokens(20).temperature(0.5).build();

    TextCompletion text = client.completions().create(params,
        RequestOptions.builder().cocoon(CocoonOptions.builder().maxCoefficient(900).build()).build());

    assertThat(text.text()).isEqualTo(" Paris.");
    assertThat(text.choices().get(0).finishReason()).isEqualTo("length");
    assertThat(text.usage().completionTokens()).isEqualTo(20);
    assertThat(text.cost()).isEqualTo(TonAmount.ofNanoton(2600));
    assertThat(text.verification().level()).isEqualTo(VerificationLevel.COCOON_RUNNER);
    Map<String, Object> sent = lastRequestJson();
    assertThat(sent.keySet()).containsExactlyInAnyOrder("model", "prompt", "max_tokens", "temperature",
        "max_coefficient", "timeout");
    assertThat(sent).containsEntry("prompt", "The capital of France is").containsEntry("max_coefficient", 900.0);
    assertThat(client.completions().createAsync(params).get(10, TimeUnit.SECONDS).text()).isEqualTo(" Paris.");

    runner.stubFor(post("/v1/completions").willReturn(aResponse().withStatus(502).withBody(
        "{\"error_code\":502,\"error\":\"no workers\"}")));
    assertThatThrownBy(() -> client.completions().create(params)).isInstanceOf(CocoonRunnerException.class);
  }

  @Test
  void malformedAnswersAreRejected() {
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("not json")));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOf(VerificationException.class).extracting("code").isEqualTo("malformed");
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
        .withBody(ANSWER.replace("\"total_cost\":3300", "\"total_cost\":-5"))));
    assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
        .isInstanceOf(VerificationException.class).hasMessageContaining("impossible cost");
    runner.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"object\":\"list\"}")));
    assertThatThrownBy(() -> client.models().list()).isInstanceOf(VerificationException.class);
  }
}
