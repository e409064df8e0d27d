package dev.silk.node;

import dev.silk.core.Loopback;
import dev.silk.node.payment.TonChannelTerms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node is started with. Immutable and thread-safe; {@link NodeMain} builds it from
 * flags and a config file, tests build it directly.
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.builder().dataDir(dir).port(0).build();
 * try (SilkNode node = SilkNode.start(config)) { ... node.baseUrl() ... }
 * }</pre>
 */
public final class NodeConfig {
  private final String host;
  private final int port;
  private final Path dataDir;
  private final Duration echoDelay;
  private final NodeLimits limits;
  private final Duration requestTimeout;
  private final Duration replayWindow;
  private final Duration coalesce;
  private final Duration descriptorValidity;
  private final String upstreamUrl;
  private final String upstreamModel;
  private final String servedModel;
  private final String upstreamApiKey;
  private final Path tlsKeyStore;
  private final String tlsKeyStorePassword;
  private final boolean benchmarkPlainEndpoint;
  private final Path tdxReportRoot;
  private final dev.silk.crypto.attestation.tdx.CollateralSource tdxCollateral;
  private final Path operatorKeyFile;
  private final TonChannelTerms payment;
  private final Duration registryTtl;
  private final List<String> announceTo;
  private final String publicUrl;
  private final Duration announceInterval;
  private final InjectedFault fault;
  private final Replicas replicas;

  private NodeConfig(Builder b) {
    this.registryTtl = b.registryTtl;
    this.announceTo = List.copyOf(b.announceTo);
    this.publicUrl = b.publicUrl;
    this.announceInterval = b.announceInterval;
    this.fault = b.fault;
    this.payment = b.payment;
    this.host = b.host;
    this.port = b.port;
    this.dataDir = b.dataDir;
    this.echoDelay = b.echoDelay;
    this.limits = b.limits.build();
    this.replicas = b.replicas;
    this.requestTimeout = b.requestTimeout;
    this.replayWindow = b.replayWindow;
    this.coalesce = b.coalesce;
    this.descriptorValidity = b.descriptorValidity;
    this.upstreamUrl = b.upstreamUrl;
    this.upstreamModel = b.upstreamModel;
    this.servedModel = b.servedModel;
    this.upstreamApiKey = b.upstreamApiKey;
    this.tlsKeyStore = b.tlsKeyStore;
    this.tlsKeyStorePassword = b.tlsKeyStorePassword;
    this.benchmarkPlainEndpoint = b.benchmarkPlainEndpoint;
    this.tdxReportRoot = b.tdxReportRoot;
    this.tdxCollateral = b.tdxCollateral;
    this.operatorKeyFile = b.operatorKeyFile;
  }

  /**
   * The configfs-tsm report directory when the node attests with {@code tdx} (keys generated in
   * memory at each start, never written out), or null for {@code dev} attestation.
   */
  public Path tdxReportRoot() {
    return tdxReportRoot;
  }

  /** The operator's identity key file (spec-v1 §7.4); created if absent. Default: {@code <keys dir>/operator.key}. */
  public Path operatorKeyFile() {
    return operatorKeyFile != null ? operatorKeyFile : keysDir().resolve("operator.key");
  }

  /**
   * Where the dev keys live (signing, HPKE, payment channel, operator): the data directory unless
   * set. Replicas of one node point at one keys directory, so they share one identity.
   */
  public Path keysDir() {
    return replicas.keysDir() != null ? replicas.keysDir() : dataDir;
  }

  /** How this node runs beside other replicas of it ({@link Replicas#none()} on its own). */
  public Replicas replicas() {
    return replicas;
  }

  /** Where a tdx node gets Intel's collateral, or null (its descriptors then carry none). */
  public dev.silk.crypto.attestation.tdx.CollateralSource tdxCollateral() {
    return tdxCollateral;
  }

  /** How long an announcement stays listed without a refresh, or null when the node is not a registry. */
  public Duration registryTtl() {
    return registryTtl;
  }

  /** The registries this node announces itself to (empty: none). */
  public List<String> announceTo() {
    return announceTo;
  }

  /** The URL announced to registries, or null for the node's own base URL. */
  public String publicUrl() {
    return publicUrl;
  }

  public Duration announceInterval() {
    return announceInterval;
  }

  public InjectedFault fault() {
    return fault;
  }

  /** How the node is paid, or null for the explicit, logged {@code free} mode. */
  public TonChannelTerms payment() {
    return payment;
  }

  /** Whether the unencrypted benchmark endpoint is served (off by default, never in a descriptor). */
  public boolean benchmarkPlainEndpoint() {
    return benchmarkPlainEndpoint;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free one ({@link SilkNode#port()} tells which). */
  public int port() {
    return port;
  }

  /** Where dev keys and the replay database live. */
  public Path dataDir() {
    return dataDir;
  }

  /** Pause between the echo model's tokens. */
  public Duration echoDelay() {
    return echoDelay;
  }

  /** What the node lets clients take from it (connections, rates, bodies, requests in flight). */
  public NodeLimits limits() {
    return limits;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How far a request's timestamp may be from the node's clock; replays are remembered this long. */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** Streaming: tokens produced within this time go into one chunk. */
  public Duration coalesce() {
    return coalesce;
  }

  public Duration descriptorValidity() {
    return descriptorValidity;
  }

  /** The OpenAI-compatible upstream to forward to, or null for the echo reference model. */
  public String upstreamUrl() {
    return upstreamUrl;
  }

  /** The model name sent to the upstream. */
  public String upstreamModel() {
    return upstreamModel;
  }

  /** The model name clients use (and the descriptor lists) for the upstream's model. */
  public String servedModel() {
    return servedModel;
  }

  /** Bearer token for the upstream, or null. Never printed. */
  public String upstreamApiKey() {
    return upstreamApiKey;
  }

  /** PKCS#12 key store with the TLS certificate and key, or null for plain HTTP (loopback only). */
  public Path tlsKeyStore() {
    return tlsKeyStore;
  }

  /** The key store's password. Never printed. */
  public String tlsKeyStorePassword() {
    return tlsKeyStorePassword;
  }


  /** Builds a {@link NodeConfig}; not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private Path dataDir;
    private Duration echoDelay = Duration.ZERO;
    private final NodeLimits.Builder limits = NodeLimits.builder();
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration replayWindow = Duration.ofMinutes(5);
    private Duration coalesce = Duration.ofMillis(25);
    private Duration descriptorValidity = Duration.ofHours(24);
    private String upstreamUrl;
    private String upstreamModel;
    private String servedModel;
    private String upstreamApiKey;
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;
    private boolean benchmarkPlainEndpoint;
    private Path tdxReportRoot;
    private dev.silk.crypto.attestation.tdx.CollateralSource tdxCollateral;
    private Path operatorKeyFile;
    private TonChannelTerms payment;
    private Duration registryTtl;
    private List<String> announceTo = new ArrayList<>();
    private String publicUrl;
    private Duration announceInterval = Duration.ofSeconds(30);
    private InjectedFault fault = InjectedFault.NONE;
    private Replicas replicas = Replicas.none();

    /**
     * Also runs the registry role (spec-v1 §14): takes announcements at
     * {@code POST /v1/registry/announce} and serves the signed list at {@code GET /v1/registry};
     * an announcement stays listed for {@code ttl} without a refresh.
     */
    public Builder registry(Duration ttl) {
      this.registryTtl = positive(ttl, "ttl");
      return this;
    }

    /**
     * Announces this node to {@code registries} every {@code interval}, as {@code publicUrl}
     * (null: the node's own base URL).
     */
    public Builder announce(List<String> registries, String publicUrl, Duration interval) {
      this.announceTo = new ArrayList<>(registries);
      this.publicUrl = publicUrl;
      this.announceInterval = positive(interval, "interval");
      return this;
    }

    /** TESTING ONLY: fakes a failure (see {@link InjectedFault}); default {@link InjectedFault#NONE}. */
    public Builder injectFault(InjectedFault fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    /** Serves only requests paid over a TON payment channel (spec-v1 §13); default: free. */
    /** Runs the node as one of several replicas of it behind a balancer (see {@link Replicas}). */
    public Builder replicas(Replicas replicas) {
      this.replicas = Objects.requireNonNull(replicas, "replicas");
      return this;
    }

    public Builder tonChannelPayment(TonChannelTerms payment) {
      this.payment = Objects.requireNonNull(payment, "payment");
      return this;
    }

    private Builder() {}

    /**
     * Attests with {@code tdx}: fresh keys in memory at each start and quotes from the Linux
     * configfs-tsm interface at {@code reportRoot} (normally {@code /sys/kernel/config/tsm/report}).
     */
    public Builder tdx(Path reportRoot) {
      this.tdxReportRoot = Objects.requireNonNull(reportRoot, "reportRoot");
      return this;
    }

    /**
     * The operator's identity key file: its key endorses the node's keys in every descriptor
     * and stays when they change (a tdx node's are new at each boot); created if absent.
     * Default: {@code operator.key} in the data directory.
     */
    public Builder operatorKeyFile(Path file) {
      this.operatorKeyFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Where the tdx node gets Intel's collateral for its platform ({@link dev.silk.core.tdx.IntelPcs}
     * or {@link dev.silk.node.tee.CollateralFile}); without one, clients' default policy refuses
     * the node (TCB status unknown).
     */
    public Builder tdxCollateral(dev.silk.crypto.attestation.tdx.CollateralSource source) {
      this.tdxCollateral = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Also serves {@code POST /v1/plain/chat/completions}: the same answers with no encryption
     * and no receipt, as the baseline of load runs. Never for real traffic; logged loudly.
     */
    public Builder benchmarkPlainEndpoint(boolean enabled) {
      this.benchmarkPlainEndpoint = enabled;
      return this;
    }

    /** Serves HTTPS with the certificate and key in a PKCS#12 key store. */
    public Builder tls(Path keyStore, String password) {
      this.tlsKeyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.tlsKeyStorePassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Serves {@code servedModel} by forwarding to an OpenAI-compatible upstream (llama.cpp
     * server, vLLM, Ollama) instead of the echo reference model.
     */
    public Builder openAiUpstream(String url, String upstreamModel, String servedModel, String apiKey) {
      this.upstreamUrl = Objects.requireNonNull(url, "url");
      this.upstreamModel = Objects.requireNonNull(upstreamModel, "upstreamModel");
      this.servedModel = Objects.requireNonNull(servedModel, "servedModel");
      this.upstreamApiKey = apiKey;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      this.port = port;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder echoDelay(Duration echoDelay) {
      this.echoDelay = nonNegative(echoDelay, "echoDelay");
      return this;
    }

    /** Sets any of the node's limits ({@link NodeLimits}), starting from what was set so far. */
    public Builder limits(java.util.function.UnaryOperator<NodeLimits.Builder> settings) {
      settings.apply(limits);
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    public Builder replayWindow(Duration replayWindow) {
      this.replayWindow = positive(replayWindow, "replayWindow");
      return this;
    }

    public Builder coalesce(Duration coalesce) {
      this.coalesce = nonNegative(coalesce, "coalesce");
      return this;
    }

    public Builder descriptorValidity(Duration validity) {
      this.descriptorValidity = positive(validity, "descriptorValidity");
      return this;
    }

    public NodeConfig build() {
      if (dataDir == null) {
        throw new IllegalArgumentException("dataDir is required");
      }
      if (tdxReportRoot != null && upstreamUrl != null && !Loopback.isLoopbackUrl(upstreamUrl)) {
        throw new IllegalArgumentException("in tdx mode the model backend must run inside the TD (a loopback URL):"
            + " a prompt must never leave the measured boundary in clear");
      }
      if (tlsKeyStore == null && !Loopback.isLoopback(host)) {
        throw new IllegalArgumentException("plain HTTP is for loopback only: bind " + host
            + " with a TLS key store (--tls-keystore), or keep the node on 127.0.0.1 behind a TLS proxy");
      }
      return new NodeConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
