package dev.silk.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.Collections;
import java.util.List;
import java.util.Set;

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

  /**
   * Structured outputs with a JSON schema: LangChain4j's AI services then ask for a schema when
   * a method returns a POJO or a record.
   */
  public Set<Capability> supportedCapabilities() {
    return Collections.singleton(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }
}
