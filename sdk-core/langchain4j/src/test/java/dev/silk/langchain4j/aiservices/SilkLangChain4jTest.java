package dev.silk.langchain4j.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.silk.core.VerificationLevel;
import dev.silk.langchain4j.SilkChatModel;
import dev.silk.langchain4j.SilkChatResponseMetadata;
import dev.silk.langchain4j.SilkStreamingChatModel;
import dev.silk.testing.SilkTestNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's own AI services over Silk, against a paid reference node of the testing kit: the
 * tool round trip, the receipt that verified, what it cost, streaming, and clear refusals.
 * (In another package than the models, as an application uses them.)
 */
class SilkLangChain4jTest {
  private static SilkTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = SilkTestNode.builder().build();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  interface Assistant {
    String chat(String message);
  }

  /** A tool the echo model calls with {"input": the user's text}. */
  static final class Dictionary {
    final List<String> lookedUp = Collections.synchronizedList(new ArrayList<>());

    @Tool("Looks a word up")
    String lookup(String input) {
      lookedUp.add(input);
      return "found " + input;
    }
  }

  @Test
  void anAiServiceCallsItsToolThroughSilkAndGetsAVerifiedPaidAnswer() {
    List<ChatResponse> responses = Collections.synchronizedList(new ArrayList<>());
    ChatModelListener listener = new ChatModelListener() {
      @Override
      public void onResponse(ChatModelResponseContext context) {
        responses.add(context.chatResponse());
      }
    };
    Dictionary dictionary = new Dictionary();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(SilkChatModel.builder().client(node.client()).modelName("echo")
            .listeners(List.of(listener)).build())
        .tools(dictionary)
        .build();

    String answer = assistant.chat("silk");

    assertThat(dictionary.lookedUp).containsExactly("silk");
    assertThat(answer).isEqualTo("Tool result: found silk");
    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(responses.get(0).aiMessage().toolExecutionRequests()).singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("lookup"));
    for (ChatResponse response : responses) {
      SilkChatResponseMetadata metadata = (SilkChatResponseMetadata) response.metadata();
      assertThat(metadata.verification().level()).isEqualTo(VerificationLevel.SILK_RECEIPT);
      assertThat(metadata.cost().nanoton()).as("the paid node charged").isPositive();
      assertThat(response.tokenUsage().totalTokenCount()).isPositive();
    }
  }

  @Test
  void aStreamedAnswerArrivesInPartsThenCompleteAndVerified() throws Exception {
    SilkStreamingChatModel model = SilkStreamingChatModel.builder().client(node.client()).modelName("echo").build();
    Collecting handler = new Collecting();
    model.chat("one two three four", handler);
    ChatResponse response = handler.done.get(30, TimeUnit.SECONDS);
    assertThat(response.aiMessage().text()).isEqualTo("one two three four");
    assertThat(handler.parts.toString()).isEqualTo(response.aiMessage().text());
    assertThat(((SilkChatResponseMetadata) response.metadata()).verification().level())
        .isEqualTo(VerificationLevel.SILK_RECEIPT);
  }

  @Test
  void aStreamedToolCallIsReportedCompleteBeforeTheResponse() throws Exception {
    SilkStreamingChatModel model = SilkStreamingChatModel.builder().client(node.client()).modelName("echo").build();
    Collecting handler = new Collecting();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("silk"))
        .parameters(ChatRequestParameters.builder().toolSpecifications(
            dev.langchain4j.agent.tool.ToolSpecifications.toolSpecificationsFrom(new Dictionary())).build())
        .build();
    model.chat(request, handler);
    ChatResponse response = handler.done.get(30, TimeUnit.SECONDS);
    assertThat(handler.toolCalls).singleElement().satisfies(c -> {
      assertThat(c.toolExecutionRequest().name()).isEqualTo("lookup");
      assertThat(c.toolExecutionRequest().arguments()).contains("silk");
    });
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
  }

  /** Collects what a stream hands its handler. */
  static final class Collecting implements StreamingChatResponseHandler {
    final StringBuilder parts = new StringBuilder();
    final List<CompleteToolCall> toolCalls = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
      parts.append(partial);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
      toolCalls.add(call);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }
  }

  /** What an AI service returns as a structured output. */
  record Word(String text, int letters, boolean known) {}

  interface Linguist {
    Word analyse(String word);
  }

  @Test
  void anAiServiceReturnsARecordThroughAJsonSchema() {
    List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    ChatModelListener listener = new ChatModelListener() {
      @Override
      public void onRequest(dev.langchain4j.model.chat.listener.ChatModelRequestContext context) {
        requests.add(context.chatRequest());
      }
    };
    SilkChatModel model = SilkChatModel.builder().client(node.client()).modelName("echo")
        .listeners(Collections.singletonList(listener)).build();
    Word word = AiServices.create(Linguist.class, model).analyse("silk");
    // The echo model answers an instance of the schema: strings the text, numbers its word count.
    assertThat(word.known()).isTrue();
    assertThat(word.letters()).isPositive();
    assertThat(word.text()).contains("silk");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).responseFormat().jsonSchema()).isNotNull();
  }

  @Test
  void imagePartsAndSamplingParametersAreCarried() {
    SilkChatModel model = SilkChatModel.builder().client(node.client()).modelName("echo").build();
    UserMessage withImage = UserMessage.from(TextContent.from("what is this?"),
        ImageContent.from("https://example.invalid/cat.png", ImageContent.DetailLevel.LOW),
        ImageContent.from("AQID", "image/png"));
    ChatResponse described = model.chat(ChatRequest.builder().messages(withImage)
        .parameters(ChatRequestParameters.builder().topP(0.5).presencePenalty(0.1).frequencyPenalty(0.2).build())
        .build());
    assertThat(described.aiMessage().text())
        .isEqualTo("what is this? [image https://example.invalid/cat.png] [image image/png, 3 bytes]");
  }

  @Test
  void whatSilkCannotCarryIsRefusedNotDropped() {
    SilkChatModel model = SilkChatModel.builder().client(node.client()).modelName("echo").build();
    UserMessage withAudio = UserMessage.from(TextContent.from("what is this?"),
        dev.langchain4j.data.message.AudioContent.from("AQID", "audio/wav"));
    assertThatThrownBy(() -> model.chat(withAudio)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("AUDIO");
    UserMessage ultra = UserMessage.from(TextContent.from("x"),
        ImageContent.from("https://example.invalid/cat.png", ImageContent.DetailLevel.ULTRA_HIGH));
    assertThatThrownBy(() -> model.chat(ultra)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("ULTRA_HIGH");
    ChatRequest withTopK = ChatRequest.builder().messages(UserMessage.from("hi"))
        .parameters(ChatRequestParameters.builder().topK(5).build()).build();
    assertThatThrownBy(() -> model.chat(withTopK)).isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("topK");
  }
}
