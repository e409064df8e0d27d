package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.RequestOptions;
import dev.silk.core.VerificationLevel;
import dev.silk.core.cocoon.CocoonOptions;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.UnsupportedFeatureException;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real node on loopback: every form of call, and the node's refusals. */
class SealedChatTest {
  private LocalNode local;
  private SilkClient client;

  @BeforeEach
  void start() throws Exception {
    local = new LocalNode(b -> b);
    client = local.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    local.close();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).build();
  }

  @Test
  void syncCompletionIsAnsweredAndItsReceiptVerified() {
    ChatCompletion answer = client.chat().completions().create(ask("private question for the node"));
    assertThat(answer.content()).isEqualTo("private question for the node");
    assertThat(answer.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(answer.usage().promptTokens()).isEqualTo(5);
    assertThat(answer.usage().completionTokens()).isEqualTo(5);
    Receipt receipt = answer.receipt().receipt();
    assertThat(receipt.nodeId()).isEqualTo(local.node.descriptor().nodeId());
    assertThat(receipt.descriptorHash()).isEqualTo(local.node.descriptor().hash());
    assertThat(receipt.completionTokens()).isEqualTo(5);
    assertThat(receipt.costNanoton()).isZero();
    assertThat(answer.attestation().insecure()).isTrue();
    assertThat(answer.id()).startsWith("chatcmpl-");
    assertThat(answer.verification().level()).isEqualTo(VerificationLevel.SILK_RECEIPT);
    assertThat(answer.verification().receipt()).contains(answer.receipt());
    assertThat(answer.cost()).isEqualTo(TonAmount.ofNanoton(receipt.costNanoton()));
  }

  @Test
  void anAnswerWhoseUsageDiffersFromItsReceiptIsRefusedWholeOrStreamed() {
    local.node.faults().inject(InjectedFault.USAGE_MISMATCH);
    try (SilkClient strict = local.client(new OkHttpClient(), b -> b.maxRetries(0))) {
      ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user("count my tokens")).build();
      assertThatThrownBy(() -> strict.chat().completions().create(ask))
          .isInstanceOf(dev.silk.core.errors.VerificationException.class).hasMessageContaining("usage");
      assertThatThrownBy(() -> {
        try (dev.silk.core.stream.StreamResponse<dev.silk.core.chat.ChatCompletionChunk> s = strict.chat()
            .completions().createStreaming(ask)) {
          while (s.hasNext()) {
            s.next();
          }
        }
      }).isInstanceOf(dev.silk.core.errors.VerificationException.class).hasMessageContaining("usage");
    } finally {
      local.node.faults().clear();
    }
  }

  @Test
  void modelsComeFromTheSignedDescriptor() {
    assertThat(client.models().list()).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo("echo");
      assertThat(m.ownedBy()).isEqualTo(local.node.descriptor().nodeId().toHex());
      assertThat(m.promptPricePer1k()).contains(TonAmount.ZERO);
      assertThat(m.workers()).isEmpty();
    });
  }

  @Test
  void cocoonOptionsAreRefusedByASilkNodeClientNotIgnored() {
    RequestOptions cocoon = RequestOptions.builder().cocoon(CocoonOptions.builder().maxCoefficient(10).build()).build();
    assertThatThrownBy(() -> client.chat().completions().create(ask("x"), cocoon))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COCOON");
  }

  @Test
  void legacyTextCompletionsAreRefusedBeforeSending() {
    TextCompletionCreateParams text = TextCompletionCreateParams.builder().model("echo").prompt("x").build();
    assertThatThrownBy(() -> client.completions().create(text)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("chat only");
    assertThat(client.completions().createAsync(text)).isCompletedExceptionally();
  }

  @Test
  void receiptCostsCountAgainstTheBudget() {
    Budget budget = Budget.of(SpendingCaps.builder().maxTotalSpend(TonAmount.ofNanoton(1)).build());
    try (SilkClient capped = local.client(new OkHttpClient(), b -> b.budget(budget))) {
      capped.chat().completions().create(ask("free mode costs nothing"));
      capped.chat().completions().create(ask("so the cap is never reached"));
    }
    assertThat(budget.spent()).isEqualTo(TonAmount.ZERO);
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void asyncCompletionCompletesWithAVerifiedAnswer() throws Exception {
    CompletableFuture<ChatCompletion> future = client.chat().completions().createAsync(ask("async hello"));
    ChatCompletion answer = future.get(10, TimeUnit.SECONDS);
    assertThat(answer.content()).isEqualTo("async hello");
    assertThat(answer.receipt()).isNotNull();
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    try (LocalNode slow = new LocalNode(b -> b.echoDelay(Duration.ofMillis(300)));
        SilkClient slowClient = slow.client()) {
      slowClient.node(); // descriptor fetched up front, so the future is waiting on the answer
      CompletableFuture<ChatCompletion> future =
          slowClient.chat().completions().createAsync(ask("one two three four five six seven eight"));
      Thread.sleep(100);
      assertThat(future.cancel(true)).isTrue();
      assertThat(future.isCancelled()).isTrue();
      // The node keeps serving others.
      assertThat(slowClient.chat().completions().create(ask("still")).content()).isEqualTo("still");
    }
  }

  @Test
  void streamDeliversVerifiedChunksThenTheReceipt() throws Exception {
    try (LocalNode slow = new LocalNode(b -> b.echoDelay(Duration.ofMillis(15)).coalesce(Duration.ofMillis(1)));
        SilkClient slowClient = slow.client()) {
      StringBuilder text = new StringBuilder();
      List<ChatCompletionChunk> pieces = new ArrayList<>();
      try (StreamResponse<ChatCompletionChunk> stream =
          slowClient.chat().completions().createStreaming(ask("alpha beta gamma delta epsilon"))) {
        while (stream.hasNext()) {
          ChatCompletionChunk chunk = stream.next();
          pieces.add(chunk);
          text.append(chunk.delta());
        }
        SignedReceipt receipt = stream.receipt();
        assertThat(receipt.receipt().completionTokens()).isEqualTo(5);
      }
      assertThat(text.toString()).isEqualTo("alpha beta gamma delta epsilon");
      assertThat(pieces.get(pieces.size() - 1).finishReason()).isEqualTo("stop");
      assertThat(pieces.get(pieces.size() - 1).usage().completionTokens()).isEqualTo(5);
    }
  }

  @Test
  void callbackStreamCompletesWithTheWholeVerifiedAnswer() throws Exception {
    StringBuilder text = new StringBuilder();
    ChatCompletion answer = client.chat().completions()
        .stream(ask("streamed by callback"), chunk -> text.append(chunk.delta()), RequestOptions.defaults())
        .get(10, TimeUnit.SECONDS);
    assertThat(text.toString()).isEqualTo("streamed by callback");
    assertThat(answer.content()).isEqualTo("streamed by callback");
    assertThat(answer.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(answer.usage().completionTokens()).isEqualTo(3);
    assertThat(answer.verification().level()).isEqualTo(VerificationLevel.SILK_RECEIPT);
    assertThat(answer.receipt().receipt().nodeId()).isEqualTo(local.node.descriptor().nodeId());
    assertThat(answer.receipt().receipt().completionTokens()).isEqualTo(3);
  }

  @Test
  void streamIdleTimeoutStopsAStalledStream() throws Exception {
    try (LocalNode slow = new LocalNode(b -> b.echoDelay(Duration.ofMillis(700)).coalesce(Duration.ZERO));
        SilkClient slowClient = slow.client()) {
      RequestOptions impatient = RequestOptions.builder().streamIdleTimeout(Duration.ofMillis(200)).build();
      try (StreamResponse<ChatCompletionChunk> stream =
          slowClient.chat().completions().createStreaming(ask("a b c"), impatient)) {
        assertThatThrownBy(() -> {
          while (stream.hasNext()) {
            stream.next();
          }
        }).isInstanceOf(SilkTimeoutException.class);
      }
    }
  }

  @Test
  void perCallTimeoutStopsASlowAnswer() throws Exception {
    try (LocalNode slow = new LocalNode(b -> b.echoDelay(Duration.ofMillis(300)));
        SilkClient slowClient = slow.client(new okhttp3.OkHttpClient(), b -> b.maxRetries(0))) {
      slowClient.node();
      RequestOptions quick = RequestOptions.builder().timeout(Duration.ofMillis(150)).build();
      assertThatThrownBy(() -> slowClient.chat().completions().create(ask("a b c d"), quick))
          .isInstanceOfSatisfying(SilkTimeoutException.class, e -> assertThat(e.code()).isEqualTo("timeout"));
      // The same call with the client's default timeout completes.
      assertThat(slowClient.chat().completions().create(ask("a b")).content()).isEqualTo("a b");
    }
  }

  @Test
  void toolCallRoundTrip() {
    Tool weather = Tool.function("get_weather", "Weather in a city",
        Collections.singletonMap("type", (Object) "object"));
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
        .model("echo").addMessage(ChatMessage.user("Paris")).addTool(weather).build();
    ChatCompletion call = client.chat().completions().create(first);
    assertThat(call.choices().get(0).finishReason()).isEqualTo("tool_calls");
    ToolCall toolCall = call.choices().get(0).message().toolCalls().get(0);
    assertThat(toolCall.name()).isEqualTo("get_weather");
    assertThat(toolCall.arguments()).isEqualTo("{\"input\":\"Paris\"}");

    ChatCompletion answer = client.chat().completions().create(first.toBuilder()
        .addMessage(ChatMessage.assistantToolCalls(call.choices().get(0).message().toolCalls()))
        .addMessage(ChatMessage.tool(toolCall.id(), "sunny"))
        .build());
    assertThat(answer.content()).isEqualTo("Tool result: sunny");
  }

  @Test
  void samplingOptionsReachTheModel() {
    ChatCompletion limited = client.chat().completions().create(
        ask("one two three four").toBuilder().maxTokens(2).build());
    assertThat(limited.content()).isEqualTo("one two");
    assertThat(limited.choices().get(0).finishReason()).isEqualTo("length");
    ChatCompletion stopped = client.chat().completions().create(
        ask("keep this STOP drop that").toBuilder().addStop("STOP").build());
    assertThat(stopped.content()).isEqualTo("keep this");
    ChatCompletion json = client.chat().completions().create(ask("hi").toBuilder().jsonObjectResponse(true).build());
    assertThat(json.content()).isEqualTo("{\"echo\":\"hi\"}");
  }

  @Test
  void unknownModelIsABadRequest() {
    assertThatThrownBy(() -> client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-9").addMessage(ChatMessage.user("x")).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("unknown_model"));
  }

  @Test
  void defaultPolicyRefusesADevNode() {
    try (SilkClient strict = local.client(new okhttp3.OkHttpClient(),
        b -> b.attestationPolicy(AttestationPolicy.defaults()))) {
      assertThatThrownBy(() -> strict.chat().completions().create(ask("x")))
          .isInstanceOfSatisfying(VerificationException.class,
              e -> assertThat(e.code()).isEqualTo("attestation_rejected"));
    }
  }

  @Test
  void plainHttpBeyondLoopbackIsRefusedUnlessAllowedByName() {
    assertThatIllegalArgumentException().isThrownBy(() -> SilkClient.builder().baseUrl("http://node.example").build())
        .withMessageContaining("allowInsecurePlainHttpBeyondLoopback");
    SilkClient.builder().baseUrl("http://node.example").allowInsecurePlainHttpBeyondLoopback().build().close();
    SilkClient.builder().baseUrl("https://node.example").build().close();
    SilkClient.builder().baseUrl("http://127.0.0.2:9").build().close();
  }

  @Test
  void rateLimitIsSignedAndHonouredByRetries() throws Exception {
    try (LocalNode limited = new LocalNode(b -> b.limits(l -> l.rateLimitPerSecond(2)));
        SilkClient noRetry = limited.client(new okhttp3.OkHttpClient(), b -> b.maxRetries(0));
        SilkClient patient = limited.client(new okhttp3.OkHttpClient(), b -> b.maxRetries(5))) {
      noRetry.node();
      RateLimitedException refused = null;
      for (int i = 0; i < 5 && refused == null; i++) {
        try {
          noRetry.chat().completions().create(ask("burst"));
        } catch (RateLimitedException e) {
          refused = e;
        }
      }
      assertThat(refused).isNotNull();
      assertThat(refused.code()).isEqualTo("rate_limited");
      assertThat(refused.retryAfter()).isPositive(); // from the node's signed error
      assertThat(patient.chat().completions().create(ask("after waiting")).content()).isEqualTo("after waiting");
    }
  }

  @Test
  void maxInFlightSheds503AndTheClientRetries() throws Exception {
    try (LocalNode narrow = new LocalNode(b -> b.limits(l -> l.maxInFlight(1)).echoDelay(Duration.ofMillis(100)));
        SilkClient c = narrow.client(new okhttp3.OkHttpClient(), b -> b.maxRetries(10))) {
      List<CompletableFuture<ChatCompletion>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(c.chat().completions().createAsync(ask("w" + i + " x y")));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(calls.get(i).get(20, TimeUnit.SECONDS).content()).isEqualTo("w" + i + " x y");
      }
    }
  }
}
