package dev.silk.core;

import dev.silk.core.cocoon.CocoonOptions;
import dev.silk.core.internal.structured.JsonTrees;
import dev.silk.core.json.ChatJson;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-call options that override the client's defaults. Immutable and thread-safe.
 *
 * <pre>{@code
 * client.chat().completions().create(params, RequestOptions.builder()
 *     .timeout(Duration.ofSeconds(5))
 *     .putAdditionalHeader("X-Trace-Id", traceId)
 *     .putExtraBodyProperty("seed", 42)
 *     .build());
 * }</pre>
 *
 * Additional headers travel in clear (under TLS) to the node, as OpenAI's SDK sends them; extra
 * body properties travel inside the sealed request, and a node hands them to its upstream model.
 */
public final class RequestOptions {
  private static final RequestOptions DEFAULTS = builder().build();

  private final Duration timeout;
  private final Integer maxRetries;
  private final Duration streamIdleTimeout;
  private final CocoonOptions cocoon;
  private final Map<String, String> additionalHeaders;
  private final Map<String, Object> extraBody;

  private RequestOptions(Builder b) {
    this.additionalHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.additionalHeaders));
    this.extraBody = JsonTrees.immutableCopy(b.extraBody);
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

  /** Headers added to this call's HTTP request, in clear; empty for none. */
  public Map<String, String> additionalHeaders() {
    return additionalHeaders;
  }

  /** Properties added to this call's request body, inside the sealed envelope; empty for none. */
  public Map<String, Object> extraBody() {
    return extraBody;
  }

  /** Builds {@link RequestOptions}; not thread-safe. */
  public static final class Builder {
    private Duration timeout;
    private Integer maxRetries;
    private Duration streamIdleTimeout;
    private CocoonOptions cocoon;
    private final Map<String, String> additionalHeaders = new LinkedHashMap<>();
    private final Map<String, Object> extraBody = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a header to this call's HTTP request (for a gateway or a trace id). It travels in
     * clear, under TLS, so never put a secret of the prompt in it.
     *
     * @throws IllegalArgumentException for a header the protocol sets itself or an invalid one
     */
    public Builder putAdditionalHeader(String name, String value) {
      if (PROTOCOL_HEADERS.contains(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the client sets the header " + name + " itself");
      }
      // OkHttp's own check of names and values.
      okhttp3.Headers.of(name, Objects.requireNonNull(value, "value"));
      additionalHeaders.put(name, value);
      return this;
    }

    /**
     * Adds a property to this call's request body (a model option Silk does not model, such as
     * {@code seed}), sealed with the rest of the request. Values are JSON values: maps, lists,
     * strings, numbers, booleans or null.
     *
     * @throws IllegalArgumentException for a property {@link dev.silk.core.chat.ChatCompletionCreateParams}
     *     sets (give it there), or a value that is not JSON
     */
    public Builder putExtraBodyProperty(String name, Object value) {
      if (ChatJson.Request.MODELLED.contains(Objects.requireNonNull(name, "name"))) {
        throw new IllegalArgumentException("'" + name + "' is set through ChatCompletionCreateParams, not as an "
            + "extra property");
      }
      extraBody.put(name, JsonTrees.immutableCopy(Collections.singletonMap("v", value)).get("v"));
      return this;
    }

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

    private static final Set<String> PROTOCOL_HEADERS = new HashSet<>(Arrays.asList("content-type",
        "content-length", "host", "transfer-encoding", "connection", "accept-encoding"));

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
