package dev.silk.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.silk.core.SilkClient;

/**
 * LangChain4j's {@link ChatModel} over a {@link SilkClient}: each chat is sealed to an attested
 * node, paid if the node charges, and returned only once its receipt verified. Messages with
 * text and image parts, tools, temperature, topP, penalties, max tokens, stop sequences, JSON
 * mode and JSON schemas (so AI services may return records and POJOs) are carried; what Silk
 * cannot carry (topK, audio, video and PDF parts) is refused with
 * {@link dev.langchain4j.exception.UnsupportedFeatureException}, never dropped. The response's
 * metadata is a {@link SilkChatResponseMetadata} with the verification and the cost. Thread-safe.
 *
 * <pre>{@code
 * ChatModel model = SilkChatModel.builder().client(silkClient).modelName("qwen3-8b").build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Tools()).build();
 * }</pre>
 */
public final class SilkChatModel extends SilkModelBase implements ChatModel {
  private SilkChatModel(SilkModelSettings settings) {
    super(settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return LangChain4jMapping.response(settings.client().chat().completions()
        .create(LangChain4jMapping.params(request, settings.modelName(), settings.strictJsonSchema()),
            settings.options()));
  }

  /** Builds a {@link SilkChatModel}; not thread-safe. */
  public static final class Builder extends SilkModelSettings.Builder<Builder> {
    private Builder() {}

    public SilkChatModel build() {
      return new SilkChatModel(settings());
    }
  }
}
