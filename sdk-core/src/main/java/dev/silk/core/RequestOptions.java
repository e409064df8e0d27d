package dev.silk.core;

import dev.silk.core.cocoon.CocoonOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call options that override the client's defaults. Immutable and thread-safe.
 *
 * <pre>{@code
 * client.chat().completions().create(params, RequestOptions.builder().timeout(Duration.ofSeconds(5)).build());
 * }</pre>
 */
public final class RequestOptions {
  private static final RequestOptions DEFAULTS = builder().build();

  private final Duration timeout;
  private final Integer maxRetries;
  private final Duration streamIdleTimeout;
  private final CocoonOptions cocoon;

  private RequestOptions(Builder b) {
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.streamIdleTimeout = b.streamIdleTimeout;
    this.cocoon = b.cocoon;
  }

  /** No overrides. */
  public static RequestOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whole-call timeout of one attempt, or null for the client's. */
  public Duration timeout() {
    return timeout;
  }

  /** Retries after the first attempt, or null for the client's. */
  public Integer maxRetries() {
    return maxRetries;
  }

  /** Longest wait for the next stream chunk, or null for the client's. */
  public Duration streamIdleTimeout() {
    return streamIdleTimeout;
  }

  /** COCOON-only fields for this call, or null for the client's. */
  public CocoonOptions cocoon() {
    return cocoon;
  }

  /** Builds {@link RequestOptions}; not thread-safe. */
  public static final class Builder {
    private Duration timeout;
    private Integer maxRetries;
    private Duration streamIdleTimeout;
    private CocoonOptions cocoon;

    private Builder() {}

    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = retries(maxRetries);
      return this;
    }

    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = positive(streamIdleTimeout, "streamIdleTimeout");
      return this;
    }

    /**
     * COCOON-only fields for this call. Only a client of a COCOON runner accepts them; a client
     * of a Silk node refuses the call rather than ignore them.
     */
    public Builder cocoon(CocoonOptions cocoon) {
      this.cocoon = Objects.requireNonNull(cocoon, "cocoon");
      return this;
    }

    public RequestOptions build() {
      return new RequestOptions(this);
    }

    static int retries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative");
      }
      return maxRetries;
    }

    static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
