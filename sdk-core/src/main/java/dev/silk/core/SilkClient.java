package dev.silk.core;

import dev.silk.core.chat.Chat;
import dev.silk.core.internal.ClientCore;
import dev.silk.core.internal.Loopback;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The Silk client: sealed, verified chat completions from a Silk node. Create one per node and
 * share it; it is thread-safe. Close it to stop its background scheduler (the injected
 * {@code OkHttpClient} is left open).
 *
 * <pre>{@code
 * try (SilkClient client = SilkClient.builder()
 *     .baseUrl("http://127.0.0.1:8080")
 *     .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build())
 *     .build()) {
 *   ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
 *       .model("echo").addMessage(ChatMessage.user("Hello")).build());
 *   System.out.println(answer.content() + " " + answer.receipt());
 * }
 * }</pre>
 */
public final class SilkClient implements AutoCloseable {
  private final ClientCore core;

  private SilkClient(ClientCore core) {
    this.core = core;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The chat resource: {@code client.chat().completions()}. */
  public Chat chat() {
    return core;
  }

  /** The node's descriptor, verified (signature, validity, attestation) under the client's policy. */
  public SignedDescriptor node() {
    return core.node().descriptor;
  }

  /** What the node's attestation established under the client's policy. */
  public AttestationResult attestation() {
    return core.node().attestation;
  }

  @Override
  public void close() {
    core.close();
  }

  /** Builds a {@link SilkClient}; not thread-safe. */
  public static final class Builder {
    private HttpUrl baseUrl;
    private AttestationPolicy policy = AttestationPolicy.defaults();
    private OkHttpClient okHttpClient;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxRetries = 2;
    private Duration streamIdleTimeout = Duration.ofSeconds(30);
    private Duration backoff = Duration.ofMillis(200);
    private Clock clock = Clock.systemUTC();
    private boolean plainHttpBeyondLoopback;

    private Builder() {}

    /** The node's base URL, for example {@code https://node.example:8443}. */
    public Builder baseUrl(String baseUrl) {
      HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (url == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
      }
      this.baseUrl = url.newBuilder().encodedPath(url.encodedPath().endsWith("/") ? url.encodedPath()
          : url.encodedPath() + "/").build();
      return this;
    }

    /** Which attestation formats to accept; the default accepts hardware attestation only. */
    public Builder attestationPolicy(AttestationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Your own OkHttp client (pools, proxies, interceptors); Silk derives from it, never mutates it. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /** Timeout of one whole attempt (connect, send, answer); default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = RequestOptions.Builder.positive(timeout, "timeout");
      return this;
    }

    /** Retries after a transport failure or a (signed) rate limit; default 2. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = RequestOptions.Builder.retries(maxRetries);
      return this;
    }

    /** Longest wait for the next chunk of a stream; default 30 s. */
    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = RequestOptions.Builder.positive(streamIdleTimeout, "streamIdleTimeout");
      return this;
    }

    /** First retry delay, doubled per attempt with jitter; default 200 ms. */
    public Builder retryBackoff(Duration backoff) {
      this.backoff = RequestOptions.Builder.positive(backoff, "backoff");
      return this;
    }

    /** The clock descriptors' validity is checked against; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Allows plain {@code http://} to a host that is not loopback. Silk's envelopes stay
     * end-to-end encrypted, but metadata (sizes, timing, the node you talk to) is exposed and the
     * descriptor fetch can be tampered with (it is still verified). Off by default.
     */
    public Builder allowInsecurePlainHttpBeyondLoopback() {
      this.plainHttpBeyondLoopback = true;
      return this;
    }

    /** @throws IllegalArgumentException if the base URL is missing, or plain HTTP beyond loopback */
    public SilkClient build() {
      if (baseUrl == null) {
        throw new IllegalArgumentException("baseUrl is required");
      }
      if (!baseUrl.isHttps() && !Loopback.isLoopback(baseUrl.host()) && !plainHttpBeyondLoopback) {
        throw new IllegalArgumentException("plain http:// to " + baseUrl.host()
            + " is refused: use https://, or allowInsecurePlainHttpBeyondLoopback()");
      }
      OkHttpClient http = (okHttpClient != null ? okHttpClient.newBuilder() : new OkHttpClient.Builder())
          .connectTimeout(Math.min(timeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
          .build();
      return new SilkClient(new ClientCore(http, baseUrl, policy, clock, timeout, maxRetries, streamIdleTimeout,
          backoff));
    }
  }
}
