package dev.silk.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.silk.core.chat.ChatCompletionCreateParams;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * LangChain4j's {@link StreamingChatModel} over a {@link dev.silk.core.SilkClient}: partial text
 * as the sealed chunks arrive, then the complete tool calls and the complete response, whose
 * {@link SilkChatResponseMetadata} carries the verified receipt (a stream is complete only when
 * its receipt verified; a failure reaches {@code onError}). Thread-safe.
 *
 * <pre>{@code
 * StreamingChatModel model = SilkStreamingChatModel.builder().client(silkClient).modelName("echo").build();
 * model.chat("Hello", handler);
 * }</pre>
 */
public final class SilkStreamingChatModel extends SilkModelBase implements StreamingChatModel {
  private SilkStreamingChatModel(SilkModelSettings settings) {
    super(settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    ChatCompletionCreateParams params;
    try {
      params = LangChain4jMapping.params(request, settings.modelName(), settings.strictJsonSchema());
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    settings.client().chat().completions().stream(params, chunk -> {
      if (chunk.delta() != null && !chunk.delta().isEmpty()) {
        handler.onPartialResponse(chunk.delta());
      }
    }, settings.options()).whenComplete((answer, failure) -> {
      if (failure != null) {
        handler.onError(failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
        return;
      }
      ChatResponse response = LangChain4jMapping.response(answer);
      if (response.aiMessage().hasToolExecutionRequests()) {
        List<ToolExecutionRequest> requests = response.aiMessage().toolExecutionRequests();
        for (int i = 0; i < requests.size(); i++) {
          handler.onCompleteToolCall(new CompleteToolCall(i, requests.get(i)));
        }
      }
      handler.onCompleteResponse(response);
    });
  }

  /** Builds a {@link SilkStreamingChatModel}; not thread-safe. */
  public static final class Builder extends SilkModelSettings.Builder<Builder> {
    private Builder() {}

    public SilkStreamingChatModel build() {
      return new SilkStreamingChatModel(settings());
    }
  }
}
