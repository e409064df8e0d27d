package dev.silk.crypto.payment;

import dev.silk.crypto.descriptor.ModelInfo;
import java.util.Objects;

/**
 * The price arithmetic both sides compute the same way (spec-v1 §13.2): a request's bound,
 * known before it is sent, and its charge, known after. Stateless.
 */
public final class Pricing {
  private Pricing() {}

  /**
   * The most a request may cost: its body's bytes as a prompt-token bound, plus its
   * {@code max_tokens} (or the model's maximum when absent or larger) at completion prices.
   *
   * @param maxTokens the request's {@code max_tokens}, or null
   */
  public static long maxCost(ModelInfo model, long bodyBytes, Long maxTokens) {
    Objects.requireNonNull(model, "model");
    if (bodyBytes < 0) {
      throw new IllegalArgumentException("bodyBytes must not be negative");
    }
    long completion = maxTokens == null || maxTokens <= 0 || maxTokens > model.maxCompletionTokens()
        ? model.maxCompletionTokens() : maxTokens;
    return Math.addExact(perThousand(bodyBytes, model.promptNanotonPer1k()),
        perThousand(completion, model.completionNanotonPer1k()));
  }

  /** What a request costs for its usage, never more than {@code maxCost}. */
  public static long charge(ModelInfo model, long promptTokens, long completionTokens, long maxCost) {
    long cost = Math.addExact(perThousand(promptTokens, model.promptNanotonPer1k()),
        perThousand(completionTokens, model.completionNanotonPer1k()));
    return Math.min(cost, maxCost);
  }

  /** ceil(tokens × price / 1000), exactly. */
  static long perThousand(long tokens, long pricePer1k) {
    long product = Math.multiplyExact(tokens, pricePer1k);
    return product / 1000 + (product % 1000 == 0 ? 0 : 1);
  }
}
