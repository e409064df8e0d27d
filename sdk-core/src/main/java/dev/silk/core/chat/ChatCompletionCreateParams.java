package dev.silk.core.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What to ask: the model, the conversation and the sampling options of the OpenAI chat API.
 * Immutable and thread-safe; {@link #toBuilder()} derives a variant.
 *
 * <pre>{@code
 * ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
 *     .model("echo")
 *     .addMessage(ChatMessage.user("Hello"))
 *     .maxTokens(64)
 *     .build();
 * }</pre>
 */
public final class ChatCompletionCreateParams {
  private final String model;
  private final List<ChatMessage> messages;
  private final Double temperature;
  private final Long maxTokens;
  private final List<String> stop;
  private final List<Tool> tools;
  private final String toolChoice;
  private final ResponseFormat responseFormat;
  private final Double topP;
  private final Double frequencyPenalty;
  private final Double presencePenalty;
  private final Long seed;

  private ChatCompletionCreateParams(Builder b) {
    this.topP = b.topP;
    this.frequencyPenalty = b.frequencyPenalty;
    this.presencePenalty = b.presencePenalty;
    this.seed = b.seed;
    this.model = b.model;
    this.messages = Collections.unmodifiableList(new ArrayList<>(b.messages));
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.stop = Collections.unmodifiableList(new ArrayList<>(b.stop));
    this.tools = Collections.unmodifiableList(new ArrayList<>(b.tools));
    this.toolChoice = b.toolChoice;
    this.responseFormat = b.responseFormat;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.messages.addAll(messages);
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.stop.addAll(stop);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    b.topP = topP;
    b.frequencyPenalty = frequencyPenalty;
    b.presencePenalty = presencePenalty;
    b.seed = seed;
    return b;
  }

  public String model() {
    return model;
  }

  public List<ChatMessage> messages() {
    return messages;
  }

  /** Sampling temperature, or null for the node's default. */
  public Double temperature() {
    return temperature;
  }

  /** Most completion tokens, or null for the model's limit. */
  public Long maxTokens() {
    return maxTokens;
  }

  public List<String> stop() {
    return stop;
  }

  public List<Tool> tools() {
    return tools;
  }

  /** {@code "auto"}, {@code "none"}, {@code "required"}, or null for the default. */
  public String toolChoice() {
    return toolChoice;
  }

  /** Whether the answer must be a JSON object ({@code response_format: json_object}). */
  public boolean jsonObjectResponse() {
    return responseFormat != null && responseFormat.type() == ResponseFormat.Type.JSON_OBJECT;
  }

  /** Nucleus sampling's probability mass, or null for the node's default. */
  public Double topP() {
    return topP;
  }

  /** Penalty on tokens by how often they appeared, or null. */
  public Double frequencyPenalty() {
    return frequencyPenalty;
  }

  /** Penalty on tokens that appeared at all, or null. */
  public Double presencePenalty() {
    return presencePenalty;
  }

  /** Seed for best-effort deterministic sampling, or null. */
  public Long seed() {
    return seed;
  }

  /** The form the answer must take, or null for the model's default (text). */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  @Override
  public String toString() {
    return "ChatCompletionCreateParams[model=" + model + ", " + messages.size() + " messages, " + tools.size()
        + " tools]";
  }

  /** Builds {@link ChatCompletionCreateParams}; not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private Long maxTokens;
    private final List<String> stop = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private String toolChoice;
    private ResponseFormat responseFormat;
    private Double topP;
    private Double frequencyPenalty;
    private Double presencePenalty;
    private Long seed;

    private Builder() {}

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder addMessage(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    public Builder messages(List<ChatMessage> messages) {
      this.messages.clear();
      for (ChatMessage m : messages) {
        addMessage(m);
      }
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = within(temperature, 0, 2, "temperature");
      return this;
    }

    public Builder maxTokens(long maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1");
      }
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder topP(double topP) {
      this.topP = within(topP, 0, 1, "topP");
      return this;
    }

    public Builder frequencyPenalty(double frequencyPenalty) {
      this.frequencyPenalty = within(frequencyPenalty, -2, 2, "frequencyPenalty");
      return this;
    }

    public Builder presencePenalty(double presencePenalty) {
      this.presencePenalty = within(presencePenalty, -2, 2, "presencePenalty");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    private static double within(double value, double min, double max, String name) {
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException(name + " must be in " + (long) min + ".." + (long) max);
      }
      return value;
    }

    public Builder addStop(String sequence) {
      if (Objects.requireNonNull(sequence, "sequence").isEmpty() || stop.size() == 4) {
        throw new IllegalArgumentException("at most 4 non-empty stop sequences");
      }
      stop.add(sequence);
      return this;
    }

    public Builder addTool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    public Builder toolChoice(String toolChoice) {
      if (!"auto".equals(toolChoice) && !"none".equals(toolChoice) && !"required".equals(toolChoice)) {
        throw new IllegalArgumentException("toolChoice must be auto, none or required");
      }
      this.toolChoice = toolChoice;
      return this;
    }

    /** Shortcut for {@code responseFormat(ResponseFormat.jsonObject())}; false clears the format. */
    public Builder jsonObjectResponse(boolean jsonObjectResponse) {
      this.responseFormat = jsonObjectResponse ? ResponseFormat.jsonObject() : null;
      return this;
    }

    /**
     * The form the answer must take; {@link ResponseFormat#jsonSchema(Class)} with
     * {@link ChatCompletion#parse(Class)} gives typed answers.
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
      return this;
    }

    /** @throws IllegalArgumentException if the model or the messages are missing */
    public ChatCompletionCreateParams build() {
      if (model == null || model.isEmpty()) {
        throw new IllegalArgumentException("model is required");
      }
      if (messages.isEmpty()) {
        throw new IllegalArgumentException("at least one message is required");
      }
      return new ChatCompletionCreateParams(this);
    }
  }
}
