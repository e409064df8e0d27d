package dev.silk.core.completions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A legacy text completion request (OpenAI {@code /v1/completions}): a prompt to continue.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * TextCompletionCreateParams params = TextCompletionCreateParams.builder()
 *     .model("Qwen/Qwen3-0.6B").prompt("The capital of France is").maxTokens(20).build();
 * }</pre>
 */
public final class TextCompletionCreateParams {
  private final String model;
  private final String prompt;
  private final Long maxTokens;
  private final Double temperature;
  private final List<String> stop;

  private TextCompletionCreateParams(Builder b) {
    this.model = b.model;
    this.prompt = b.prompt;
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.stop = Collections.unmodifiableList(new ArrayList<>(b.stop));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String model() {
    return model;
  }

  public String prompt() {
    return prompt;
  }

  /** Null for the server's default. */
  public Long maxTokens() {
    return maxTokens;
  }

  /** Null for the server's default. */
  public Double temperature() {
    return temperature;
  }

  public List<String> stop() {
    return stop;
  }

  /** Never prints the prompt. */
  @Override
  public String toString() {
    return "TextCompletionCreateParams[model=" + model + ", prompt of " + prompt.length() + " chars]";
  }

  /** Builds {@link TextCompletionCreateParams}; not thread-safe. */
  public static final class Builder {
    private String model;
    private String prompt;
    private Long maxTokens;
    private Double temperature;
    private final List<String> stop = new ArrayList<>();

    private Builder() {}

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder prompt(String prompt) {
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      return this;
    }

    /** @throws IllegalArgumentException unless positive */
    public Builder maxTokens(long maxTokens) {
      if (maxTokens <= 0) {
        throw new IllegalArgumentException("maxTokens must be positive");
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** @throws IllegalArgumentException unless within [0, 2] */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be within [0, 2]");
      }
      this.temperature = temperature;
      return this;
    }

    public Builder addStop(String sequence) {
      stop.add(Objects.requireNonNull(sequence, "sequence"));
      return this;
    }

    /** @throws IllegalArgumentException if the model or prompt is missing */
    public TextCompletionCreateParams build() {
      if (model == null || model.isEmpty()) {
        throw new IllegalArgumentException("model is required");
      }
      if (prompt == null) {
        throw new IllegalArgumentException("prompt is required");
      }
      return new TextCompletionCreateParams(this);
    }
  }
}
