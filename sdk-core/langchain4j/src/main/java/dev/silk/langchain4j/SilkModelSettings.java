package dev.silk.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.silk.core.RequestOptions;
import dev.silk.core.SilkClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** What both models are built with: the client, a default model, per-call options, listeners. Immutable. */
final class SilkModelSettings {
  private final SilkClient client;
  private final String modelName;
  private final RequestOptions options;
  private final List<ChatModelListener> listeners;
  private final boolean strictJsonSchema;

  private SilkModelSettings(Builder<?> b) {
    this.strictJsonSchema = b.strictJsonSchema;
    this.client = Objects.requireNonNull(b.client, "client");
    this.modelName = b.modelName;
    this.options = b.options;
    this.listeners = Collections.unmodifiableList(new ArrayList<>(b.listeners));
  }

  SilkClient client() {
    return client;
  }

  String modelName() {
    return modelName;
  }

  RequestOptions options() {
    return options;
  }

  List<ChatModelListener> listeners() {
    return listeners;
  }

  boolean strictJsonSchema() {
    return strictJsonSchema;
  }

  ChatRequestParameters defaultParameters() {
    return ChatRequestParameters.builder().modelName(modelName).build();
  }

  /** The builders' shared part (the models' builders extend it). */
  public abstract static class Builder<T extends Builder<T>> {
    private SilkClient client;
    private String modelName;
    private RequestOptions options = RequestOptions.defaults();
    private final List<ChatModelListener> listeners = new ArrayList<>();
    private boolean strictJsonSchema;

    Builder() {}

    /**
     * Whether JSON schemas of structured outputs are sent in OpenAI's strict mode (every property
     * required, no others); default false, as LangChain4j's OpenAI model.
     */
    public T strictJsonSchema(boolean strictJsonSchema) {
      this.strictJsonSchema = strictJsonSchema;
      return self();
    }

    /** The client that seals, pays and verifies; the model does not close it. */
    public T client(SilkClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return self();
    }

    /** The model asked for when a request names none. */
    public T modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return self();
    }

    /** Options of every call (timeout, retries, COCOON options); default: the client's. */
    public T requestOptions(RequestOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return self();
    }

    /** LangChain4j's listeners, told of each request, response and error. */
    public T listeners(List<ChatModelListener> listeners) {
      this.listeners.clear();
      this.listeners.addAll(listeners);
      return self();
    }

    @SuppressWarnings("unchecked")
    private T self() {
      return (T) this;
    }

    SilkModelSettings settings() {
      return new SilkModelSettings(this);
    }
  }
}
