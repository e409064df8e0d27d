package dev.silk.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;

/** What both models answer alike: their default parameters, listeners and provider. */
abstract class SilkModelBase {
  final SilkModelSettings settings;

  SilkModelBase(SilkModelSettings settings) {
    this.settings = settings;
  }

  /** The default model name, so that a request naming none asks for it. */
  public ChatRequestParameters defaultRequestParameters() {
    return settings.defaultParameters();
  }

  public List<ChatModelListener> listeners() {
    return settings.listeners();
  }

  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }
}
