package dev.silk.core;

import dev.silk.core.Loopback;
import dev.silk.core.chat.Chat;
import dev.silk.core.cocoon.CocoonOptions;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.completions.TextCompletions;
import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.internal.ClientCore;
import dev.silk.core.internal.ClientSettings;
import dev.silk.core.internal.cocoon.CocoonClients;
import dev.silk.core.internal.node.ObliviousInterceptor;
import dev.silk.core.internal.sealed.SealedClients;
import dev.silk.core.models.Models;
import dev.silk.core.observe.CallObserver;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The Silk client: sealed, verified chat completions from a Silk node — or, when built with
 * {@link Builder#cocoonRunner()}, the same calls through a local COCOON client runner, whose
 * answers carry no Silk receipt and say so in {@link Verification}. Create one
 * per node or runner and share it; it is thread-safe. Close it to stop its background scheduler
 * (the injected {@code OkHttpClient} is left open).
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
  /** Where a COCOON client runner listens by default. */
  public static final String DEFAULT_COCOON_RUNNER = "http://127.0.0.1:10000";

  private final ClientCore<?> core;
  /** The OkHttpClient this client built for itself (null when the app gave one): closed with it. */
  private final OkHttpClient owned;

  private SilkClient(ClientCore<?> core, OkHttpClient owned) {
    this.core = core;
    this.owned = owned;
  }

  /**
   * A client configured from {@code SILK_*} environment variables, as openai-java's
   * {@code fromEnv()}: see {@link Builder#fromEnv()}.
   *
   * @throws IllegalArgumentException naming a variable whose value is invalid, or if no
   *     destination variable is set
   */
  public static SilkClient fromEnv() {
    return builder().fromEnv().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The chat resource: {@code client.chat().completions()}. */
  public Chat chat() {
    return core;
  }

  /**
   * Legacy text completions ({@code /v1/completions}): served through a COCOON runner; a client
   * of a Silk node refuses them (protocol v1 carries chat only).
   */
  public TextCompletions completions() {
    return new TextCompletions() {
      @Override
      public TextCompletion create(TextCompletionCreateParams params, RequestOptions options) {
        return core.createText(params, options);
      }

      @Override
      public CompletableFuture<TextCompletion> createAsync(TextCompletionCreateParams params, RequestOptions options) {
        return core.createTextAsync(params, options);
      }
    };
  }

  /** The models resource: {@code client.models().list()}. */
  public Models models() {
    return core;
  }

  /**
   * The node's descriptor, verified (signature, validity, attestation) under the client's policy.
   *
   * @throws IllegalStateException for a client of a COCOON runner, or a discovery client (which
   *     uses many nodes: each answer's receipt names its node)
   */
  public SignedDescriptor node() {
    return core.silkNode().descriptor;
  }

  /**
   * What the node's attestation established under the client's policy.
   *
   * @throws IllegalStateException for a client of a COCOON runner, or a discovery client
   */
  public AttestationResult attestation() {
    return core.silkNode().attestation;
  }

  /**
   * Releases what this client created: its scheduler, and, when it built its own OkHttpClient,
   * that client's dispatcher threads and pooled connections, so that a program can exit at once.
   * An OkHttpClient the app gave is left as it is: the app owns it.
   */
  @Override
  public void close() {
    core.close();
    if (owned != null) {
      owned.dispatcher().cancelAll();
      owned.dispatcher().executorService().shutdown();
      owned.connectionPool().evictAll();
    }
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
    private List<HpkeSuite> hpkeSuites = HpkeSuite.supported();
    private HttpUrl obliviousRelay;
    private boolean lengthBuckets;
    private boolean plainHttpBeyondLoopback;
    private HttpUrl cocoonRunner;
    private CocoonOptions cocoonDefaults = CocoonOptions.runnerDefaults();
    private boolean requireSilkReceipts;
    private Budget budget = Budget.unlimited();
    private PaymentProvider paymentProvider;
    private NodeSource discovery;
    private DiscoveryOptions discoveryOptions = DiscoveryOptions.defaults();
    private dev.silk.core.cocoon.CocoonNative cocoonNative;
    private CallObserver observer = CallObserver.NONE;

    private Builder() {}

    /**
     * Told of every call's start and end (tokens, cost, verification, failure code), for metrics
     * and tracing; {@code silk-micrometer}'s {@code SilkObservation.observer(...)} is one. Default: none.
     */
    public Builder observer(CallObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Talks to COCOON's network itself: proxies from the root config, each attested by Silk
     * (TDX quote verified in pure Java against the root config's image hashes) before a byte of
     * a request is sent, paid through {@code cocoon}'s account. Answers carry
     * {@link VerificationLevel#COCOON_ATTESTED_PROXY}. See {@link dev.silk.core.cocoon.CocoonNative}.
     */
    public Builder cocoon(dev.silk.core.cocoon.CocoonNative cocoon) {
      this.cocoonNative = Objects.requireNonNull(cocoon, "cocoon");
      return this;
    }

    /**
     * Sends each request to a node that {@code source} lists, chosen per request among those
     * whose descriptor, attestation, model and price pass (spec-v1 §14.3), and fails over to
     * another node when the chosen one was not reached or refused with its signature. Paid nodes
     * only, any price, refreshed every 30 s: see {@link #discovery(NodeSource, DiscoveryOptions)}.
     *
     * <pre>{@code
     * SilkClient client = SilkClient.builder()
     *     .discovery(NodeSource.registry("https://registry.example", registryKeyHex))
     *     .paymentProvider(provider)
     *     .build();
     * }</pre>
     */
    public Builder discovery(NodeSource source) {
      return discovery(source, DiscoveryOptions.defaults());
    }

    /** As {@link #discovery(NodeSource)}, with price caps, free nodes and the refresh interval in {@code options}. */
    public Builder discovery(NodeSource source, DiscoveryOptions options) {
      this.discovery = Objects.requireNonNull(source, "source");
      this.discoveryOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Reads the environment: the destination ({@code SILK_BASE_URL}; or {@code SILK_REGISTRY_URL}
     * with {@code SILK_REGISTRY_KEY}; or {@code SILK_COCOON_RUNNER_URL}), the attestation policy
     * ({@code SILK_TDX_IMAGE_HASHES}, comma-separated hex; {@code SILK_ALLOW_INSECURE_DEV_ATTESTATION=true}
     * for a local node only), spending caps in TON ({@code SILK_MAX_PER_REQUEST_TON},
     * {@code SILK_MAX_TOTAL_SPEND_TON}), {@code SILK_TIMEOUT_SECONDS} and {@code SILK_MAX_RETRIES}.
     * Unset variables leave the defaults; an unknown {@code SILK_*} variable is reported by
     * name. Methods called afterwards override what was read.
     */
    public Builder fromEnv() {
      return fromEnv(System.getenv());
    }

    /** As {@link #fromEnv()}, from {@code variables} (for tests, or properties you map yourself). */
    public Builder fromEnv(java.util.Map<String, String> variables) {
      return dev.silk.core.internal.EnvironmentSettings.apply(this, variables);
    }

    /** The node's base URL, for example {@code https://node.example:8443}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = directory(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sends every call to the COCOON client runner at {@link #DEFAULT_COCOON_RUNNER} instead of a
     * Silk node. See {@link #cocoonRunner(String, CocoonOptions)}.
     */
    public Builder cocoonRunner() {
      return cocoonRunner(DEFAULT_COCOON_RUNNER);
    }

    /** Sends every call to the COCOON client runner at {@code runnerUrl}. */
    public Builder cocoonRunner(String runnerUrl) {
      return cocoonRunner(runnerUrl, CocoonOptions.runnerDefaults());
    }

    /**
     * Sends every call to a COCOON client runner (Telegram's sidecar that attests COCOON's
     * proxies and pays them in TON) instead of a Silk node, with {@code defaults} for its own
     * request fields. The prompt travels in clear to the runner, which should therefore run
     * beside your backend; Silk verifies nothing about the answers, which say so
     * ({@link VerificationLevel#COCOON_RUNNER}) and carry the runner's cost. Features the runner
     * refuses (tools, JSON mode) fail before anything is sent. Not combinable with
     * {@link #baseUrl} or {@link #requireSilkReceipts()}.
     */
    public Builder cocoonRunner(String runnerUrl, CocoonOptions defaults) {
      this.cocoonRunner = directory(runnerUrl, "runnerUrl");
      this.cocoonDefaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /**
     * Accepts only answers that carry a verified Silk receipt: a client built with this never
     * sends anything to a transport without receipts (a COCOON runner), not even as a fallback.
     */
    public Builder requireSilkReceipts() {
      this.requireSilkReceipts = true;
      return this;
    }

    /**
     * The budget that caps what this client spends; share one between clients to cap them
     * together. Default: unlimited (spending is still counted).
     */
    public Builder budget(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Pays nodes whose signed descriptor asks for payment (for example sdk-ton's channel
     * provider). Without one, such a node's requests fail with a
     * {@link dev.silk.core.errors.PaymentRequiredException} before anything is sent. Every
     * payment stays within {@link #budget}'s caps and the node's signed prices.
     */
    public Builder paymentProvider(PaymentProvider paymentProvider) {
      this.paymentProvider = Objects.requireNonNull(paymentProvider, "paymentProvider");
      return this;
    }

    private static HttpUrl directory(String url, String name) {
      HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, name));
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      return parsed.newBuilder().encodedPath(parsed.encodedPath().endsWith("/") ? parsed.encodedPath()
          : parsed.encodedPath() + "/").build();
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

    /**
     * The HPKE suites requests are sealed with, in preference order; default
     * {@link HpkeSuite#supported()}: X-Wing (post-quantum) where the node lists it, else X25519.
     * {@code hpkeSuites(HpkeSuite.XWING_SHA256_AES128GCM)} requires post-quantum sealing: a node
     * that lists no X-Wing key is refused ({@code VerificationException}, {@code unsupported_suite}).
     *
     * @throws IllegalArgumentException if none is given or one is not supported here
     */
    public Builder hpkeSuites(HpkeSuite... inPreferenceOrder) {
      List<HpkeSuite> suites = Arrays.asList(inPreferenceOrder.clone());
      if (suites.isEmpty() || !HpkeSuite.supported().containsAll(suites)) {
        throw new IllegalArgumentException("hpkeSuites must be some of " + HpkeSuite.supported() + ", got " + suites);
      }
      this.hpkeSuites = Collections.unmodifiableList(suites);
      return this;
    }

    /**
     * Reaches the node ({@link #baseUrl}) only through this Oblivious HTTP relay (RFC 9458, spec
     * §15): the node never learns this client's address, the relay never sees a prompt or an
     * answer. Every call to the node (its descriptor, sealed requests, the payment channel's
     * routes) is encapsulated to the node's gateway key, which is fetched through the relay and
     * trusted only once the node's attested descriptor names it. Streams arrive whole. With the
     * reference relay the URL is {@code https://relay.example/relay/<node-host:port>}.
     */
    public Builder obliviousRelay(String relayUrl) {
      this.obliviousRelay = HttpUrl.get(Objects.requireNonNull(relayUrl, "relayUrl"));
      return this;
    }

    /**
     * Length hiding (spec §4.3): each request, and each chunk of its answer, is padded to a length
     * bucket (a power of two from 256 bytes to 64 KiB, then multiples of 64 KiB) instead of the
     * next 256 bytes, so that an observer of the traffic (or a relay) learns only the bucket. It
     * costs up to twice the bytes each way (measured in the spec). Off by default.
     */
    public Builder lengthBuckets() {
      this.lengthBuckets = true;
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
     * descriptor fetch can be tampered with (it is still verified). To a COCOON runner the
     * prompt and answer themselves travel in clear: use this only on a network you trust. Off
     * by default.
     */
    public Builder allowInsecurePlainHttpBeyondLoopback() {
      this.plainHttpBeyondLoopback = true;
      return this;
    }

    /**
     * @throws IllegalArgumentException if neither or both of a base URL and a COCOON runner are
     *     given, plain HTTP goes beyond loopback, or a COCOON runner is combined with
     *     {@link #requireSilkReceipts()}
     */
    public SilkClient build() {
      if ((baseUrl != null ? 1 : 0) + (cocoonRunner != null ? 1 : 0) + (discovery != null ? 1 : 0)
          + (cocoonNative != null ? 1 : 0) != 1) {
        throw new IllegalArgumentException("give exactly one of baseUrl(...), discovery(...), cocoonRunner(...) and"
            + " cocoon(...)");
      }
      if ((cocoonRunner != null || cocoonNative != null) && requireSilkReceipts) {
        throw new IllegalArgumentException("requireSilkReceipts() refuses a COCOON runner: its answers carry no "
            + "Silk receipt");
      }
      if (obliviousRelay != null && baseUrl == null) {
        throw new IllegalArgumentException("obliviousRelay(...) goes with baseUrl(...): one node behind one relay");
      }
      for (HttpUrl target : new HttpUrl[] {baseUrl != null ? baseUrl : cocoonRunner, obliviousRelay}) {
        if (target != null && !target.isHttps() && !Loopback.isLoopback(target.host()) && !plainHttpBeyondLoopback) {
          throw new IllegalArgumentException("plain http:// to " + target.host()
              + " is refused: use https://, or allowInsecurePlainHttpBeyondLoopback()");
        }
      }
      OkHttpClient http = (okHttpClient != null ? okHttpClient.newBuilder() : new OkHttpClient.Builder())
          .connectTimeout(Math.min(timeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
          .build();
      OkHttpClient nodeHttp = obliviousRelay == null ? http
          : http.newBuilder().addInterceptor(new ObliviousInterceptor(baseUrl, obliviousRelay, http)).build();
      ClientSettings settings = new ClientSettings(timeout, maxRetries, streamIdleTimeout, backoff, observer);
      OkHttpClient owned = okHttpClient == null ? http : null;
      if (cocoonNative != null) {
        return new SilkClient(CocoonClients.nativeClient(http, cocoonNative, clock, budget, settings), owned);
      }
      if (discovery != null) {
        return new SilkClient(SealedClients.discoveringClient(http, discovery, discoveryOptions, policy, clock,
            plainHttpBeyondLoopback, paymentProvider, budget, settings, hpkeSuites, lengthBuckets), owned);
      }
      return new SilkClient(baseUrl != null
          ? SealedClients.client(nodeHttp, baseUrl, policy, clock, paymentProvider, budget, settings, hpkeSuites,
              lengthBuckets)
          : CocoonClients.runnerClient(http, cocoonRunner, cocoonDefaults, budget, settings), owned);
    }
  }
}
