package dev.silk.core.discovery;

import dev.silk.core.payment.TonAmount;
import java.time.Duration;
import java.util.Objects;

/**
 * Which discovered nodes a client may use and how often it refreshes the list. Immutable and
 * thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * DiscoveryOptions options = DiscoveryOptions.builder()
 *     .maxPricePer1k(TonAmount.ofTon("0.002"), TonAmount.ofTon("0.004"))
 *     .refreshInterval(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class DiscoveryOptions {
  private final Duration refreshInterval;
  private final TonAmount maxPromptPer1k;
  private final TonAmount maxCompletionPer1k;
  private final boolean allowFreeNodes;

  private DiscoveryOptions(Builder b) {
    this.refreshInterval = b.refreshInterval;
    this.maxPromptPer1k = b.maxPromptPer1k;
    this.maxCompletionPer1k = b.maxCompletionPer1k;
    this.allowFreeNodes = b.allowFreeNodes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: refresh every 30 s, any price, paid nodes only. */
  public static DiscoveryOptions defaults() {
    return builder().build();
  }

  public Duration refreshInterval() {
    return refreshInterval;
  }

  /** Highest accepted prompt price per 1K tokens, or null for any. */
  public TonAmount maxPromptPricePer1k() {
    return maxPromptPer1k;
  }

  /** Highest accepted completion price per 1K tokens, or null for any. */
  public TonAmount maxCompletionPricePer1k() {
    return maxCompletionPer1k;
  }

  public boolean allowFreeNodes() {
    return allowFreeNodes;
  }

  /** Builds {@link DiscoveryOptions}; not thread-safe. */
  public static final class Builder {
    private Duration refreshInterval = Duration.ofSeconds(30);
    private TonAmount maxPromptPer1k;
    private TonAmount maxCompletionPer1k;
    private boolean allowFreeNodes;

    private Builder() {}

    /** How often the source is listed again (default 30 s). */
    public Builder refreshInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("refreshInterval must be positive");
      }
      this.refreshInterval = interval;
      return this;
    }

    /** Only nodes whose signed prices for the model are at most these (per 1K tokens). */
    public Builder maxPricePer1k(TonAmount prompt, TonAmount completion) {
      this.maxPromptPer1k = Objects.requireNonNull(prompt, "prompt");
      this.maxCompletionPer1k = Objects.requireNonNull(completion, "completion");
      return this;
    }

    /**
     * Also uses nodes in {@code free} payment mode. Off by default: a node that asks nothing
     * is a local or test node, and a client that expects to pay should not drift to one.
     */
    public Builder allowFreeNodes() {
      this.allowFreeNodes = true;
      return this;
    }

    public DiscoveryOptions build() {
      return new DiscoveryOptions(this);
    }
  }
}
