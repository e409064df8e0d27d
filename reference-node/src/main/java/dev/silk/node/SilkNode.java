package dev.silk.node;

import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.OperatorEndorsement;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.ohttp.ObliviousGateway;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.http.GracefulStop;
import dev.silk.node.http.NodeHandler;
import dev.silk.node.http.NodeState;
import dev.silk.node.http.ServerGuard;
import dev.silk.node.keys.DevKeyStore;
import dev.silk.node.keys.NodeKeys;
import dev.silk.node.model.EchoModel;
import dev.silk.node.model.ModelBackend;
import dev.silk.node.model.OpenAiUpstream;
import dev.silk.node.payment.Countersigner;
import dev.silk.node.payment.PaymentDesk;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.payment.TonCenterChainView;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.node.registry.Announcer;
import dev.silk.node.registry.Registry;
import dev.silk.node.replay.ReplayGuard;
import dev.silk.node.tee.ConfigFsTsm;
import dev.silk.node.tee.TdxAttester;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Silk reference node: Jetty on the configured address, {@code dev} attestation,
 * the echo reference model or an OpenAI-compatible upstream, and an explicit, logged {@code free} payment mode (paid mode lands
 * with the payment issue). Start it in-process for tests, or from {@link NodeMain}.
 *
 * <pre>{@code
 * try (SilkNode node = SilkNode.start(NodeConfig.builder().dataDir(dir).port(0).build())) {
 *   SilkClient client = SilkClient.builder().baseUrl(node.baseUrl()) ... .build();
 * }
 * }</pre>
 */
public final class SilkNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");

  private final Server server;
  private final GracefulStop stopper;
  private final ReplayGuard replay;
  private final PaymentLedger ledger;
  private final PaymentDesk desk;
  private final ExecutorService generators;
  private final ScheduledExecutorService refresher;
  private final AtomicReference<NodeState> state;
  private final int port;
  private final String host;
  private final boolean tls;
  private final Registry registry;
  private final FaultSwitch faults;
  private final TonWallet wallet;
  /** How long a signed registry list is valid; clients refresh well before. */
  static final Duration REGISTRY_LIST_VALIDITY = Duration.ofMinutes(2);
  /** How often a tdx node fetches Intel's collateral again (also a day before it expires). */
  static final Duration TDX_COLLATERAL_REFRESH = Duration.ofHours(6);

  private SilkNode(Server server, GracefulStop stopper, ReplayGuard replay, PaymentLedger ledger, PaymentDesk desk,
      ExecutorService generators, ScheduledExecutorService refresher, AtomicReference<NodeState> state, String host,
      int port, boolean tls, Registry registry, FaultSwitch faults, TonWallet wallet) {
    this.registry = registry;
    this.wallet = wallet;
    this.faults = faults;
    this.ledger = ledger;
    this.desk = desk;
    this.tls = tls;
    this.server = server;
    this.stopper = stopper;
    this.replay = replay;
    this.generators = generators;
    this.refresher = refresher;
    this.state = state;
    this.host = host;
    this.port = port;
  }

  /** Starts a node; it serves until {@link #close()}. */
  public static SilkNode start(NodeConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    Files.createDirectories(config.dataDir());
    // tdx: keys exist only in this process's memory, inside the TD; dev: kept on disk.
    NodeKeys keys = config.tdxReportRoot() != null
        ? NodeKeys.generate()
        : DevKeyStore.loadOrCreate(config.keysDir());
    ModelBackend model = config.upstreamUrl() == null
        ? new EchoModel(config.echoDelay())
        : new OpenAiUpstream(config.upstreamUrl(), config.servedModel(), config.upstreamModel(),
            config.upstreamApiKey(), config.requestTimeout());
    TonSecretKey paymentKey = config.payment() == null ? null : DevKeyStore.loadOrCreatePaymentKey(config.keysDir());
    SigningPrivateKey operatorKey = DevKeyStore.loadOrCreateOperatorKey(config.operatorKeyFile());
    // tdx: a new epoch at each start (new keys, new quote); dev keys persist, and so does epoch 1.
    long epoch = config.tdxReportRoot() != null ? clock.instant().getEpochSecond() : 1;
    TdxAttester attester = config.tdxReportRoot() == null ? null : new TdxAttester(
        new ConfigFsTsm(config.tdxReportRoot())::quote, config.tdxCollateral(), clock, TDX_COLLATERAL_REFRESH);
    AtomicReference<NodeState> state = new AtomicReference<>(state(config, keys, paymentKey, model, clock, epoch,
        attester, operatorKey));
    ReplayGuard replay = ReplayGuard.forNode(config.dataDir(), config.replicas().database(), config.replayWindow());
    PaymentLedger ledger;
    try {
      ledger = config.payment() == null ? null
          : PaymentLedger.forNode(config.dataDir(), config.replicas().database(), config.requestTimeout());
    } catch (java.sql.SQLException | RuntimeException e) {
      replay.close();
      throw e;
    }
    PaymentDesk desk = ledger == null ? null : new PaymentDesk(keys.signing, paymentKey.publicKey(),
        config.payment().maxInFlightPerChannel, new TonCenterChainView(tonCenter(config.payment())), ledger, clock,
        config.payment().commitThresholdNanoton, config.limits());
    ExecutorService generators = Executors.newCachedThreadPool(daemon("silk-model"));
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(daemon("silk-descriptor"));

    Server server = new Server();
    ServerConnector connector = connector(server, config);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    Registry registry = config.registryTtl() == null ? null
        : new Registry(DevKeyStore.loadOrCreateRegistryKey(config.dataDir()), config.registryTtl(),
            REGISTRY_LIST_VALIDITY, clock);
    FaultSwitch faults = new FaultSwitch(InjectedFault.NONE);
    org.eclipse.jetty.server.Handler guarded = ServerGuard.install(server, new NodeHandler(config, keys.signing, state,
        model, replay, generators, clock, metrics, desk, desk == null ? null : new Countersigner(desk, paymentKey),
        registry, faults, ObliviousGateway.of(0, keys.kem.toBytes(SecretAccess.grant()))), config.limits(),
        keys.signing, clock);
    GracefulStop stopper = GracefulStop.install(server,
        config.replicas().proxyProtocol() ? ServerGuard.requireProxyHeader(guarded, keys.signing, clock) : guarded,
        config.limits().drainTimeout());
    try {
      server.start();
    } catch (Exception e) {
      closeStores(replay, desk, ledger);
      generators.shutdownNow();
      refresher.shutdownNow();
      throw e;
    }
    // Re-sign often enough to pick up each new period promptly; unchanged periods give the same bytes.
    long refreshMillis = Math.max(1_000, config.descriptorValidity().toMillis() / 48);
    refresher.scheduleAtFixedRate(() -> {
      NodeState next;
      try {
        next = state(config, keys, paymentKey, model, clock, epoch, attester, operatorKey);
      } catch (IllegalStateException e) {
        LOG.error("descriptor not renewed: {}", e.getMessage());
        return;
      }
      if (!java.util.Arrays.equals(next.descriptor.hash(), state.get().descriptor.hash())) {
        state.set(next);
      }
    }, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);

    TonWallet wallet = null;
    if (desk != null) {
      Path walletFile = config.payment().walletKeyFile != null ? config.payment().walletKeyFile
          : config.dataDir().resolve("wallet-ton.key");
      wallet = TonWallet.of(DevKeyStore.loadOrCreateTonKey(walletFile, "wallet"), WalletVersion.V4R2,
          Network.MAINNET);
      refresher.scheduleWithFixedDelay(desk.guard(paymentKey, tonCenter(config.payment()), wallet), 0,
          config.payment().watchInterval.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("channels watched on chain every {} s; challenges are paid from the node's wallet {} (keep it funded)",
          config.payment().watchInterval.getSeconds(), wallet.address());
    }
    SilkNode node = new SilkNode(server, stopper, replay, ledger, desk, generators, refresher, state, config.host(),
        connector.getLocalPort(), config.tlsKeyStore() != null, registry, faults, wallet);
    if (registry != null) {
      LOG.info("registry: serving {} (key {}, entries kept {} s without a refresh)", "/" + HttpBinding.REGISTRY,
          registry.key().nodeId().toHex(), config.registryTtl().getSeconds());
    }
    if (!config.announceTo().isEmpty()) {
      String publicUrl = config.publicUrl() != null ? config.publicUrl() : node.baseUrl();
      refresher.scheduleAtFixedRate(new Announcer(keys.signing, () -> state.get().descriptor, publicUrl,
          config.announceTo(), clock), 0, config.announceInterval().toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("announcing {} to {} every {} s", publicUrl, config.announceTo(), config.announceInterval().getSeconds());
    }
    faults.inject(config.fault());
    if (config.tdxReportRoot() == null) {
      if (dev.silk.crypto.LoudWarnings.shouldLog("node-dev-attestation")) {
        LOG.warn("attestation: dev (INSECURE: proves nothing about this node's code; for local use only)");
      }
    } else {
      LOG.info("attestation: tdx (keys generated in memory at this start, epoch {}; quotes from {}; image hash {})",
          epoch, config.tdxReportRoot(), TdxAttester.imageHash(state.get().descriptor.descriptor().attestation()));
      if (config.tdxCollateral() == null) {
        LOG.warn("tdx: no collateral source (--tdx-pcs-url or --tdx-collateral): clients' default policy refuses a"
            + " node whose TCB status is unknown");
      }
    }
    if (config.payment() == null) {
      LOG.warn("payment: free (no TON payment is asked or checked; start with --payment ton-channel to charge)");
    } else {
      LOG.info("payment: {} (channel key B {})", config.payment(),
          dev.silk.crypto.encoding.Hex.encode(paymentKey.publicKey()));
    }
    if (model instanceof EchoModel) {
      LOG.info("model: {} (backend echo: a deterministic test double, not a language model)", model.model());
    } else {
      LOG.info("model: {} (backend {}: forwarding to {}; the upstream sees prompts in clear, keep it inside the"
          + " node's trust boundary)", model.model(), model.kind(), config.upstreamUrl());
    }
    if (config.replicas().proxyProtocol()) {
      LOG.warn("PROXY protocol on: client addresses come from the balancer's header; keep the node reachable"
          + " only through the balancer");
    }
    if (config.benchmarkPlainEndpoint()) {
      LOG.warn("BENCHMARK ONLY: unencrypted endpoint /v1/plain/chat/completions is on; never use it for real traffic");
    }
    LOG.info("node {} (operator {})", state.get().descriptor.nodeId().toHex(),
        operatorKey.publicKey().nodeId().toHex());
    // The one line a person starting the node looks for: where, how it is paid and attested, its data.
    LOG.info("listening on {} ({}, {} attestation, data in {}{})", node.baseUrl(),
        config.payment() == null ? "free" : "paid over TON channels", config.tdxReportRoot() == null ? "dev" : "tdx",
        config.dataDir().toAbsolutePath(),
        config.replicas().database() == null ? "" : ", replay cache in " + config.replicas().database());
    return node;
  }

  /** The node's own wallet, which pays for its messages to its channels (null for a free node). */
  public TonAddress walletAddress() {
    return wallet == null ? null : wallet.address();
  }

  /** TESTING ONLY: the failures this node fakes, switchable while it runs (none unless set). */
  public FaultSwitch faults() {
    return faults;
  }

  /** The registry role's list key, which clients pin; empty if the node is not a registry. */
  public java.util.Optional<dev.silk.crypto.signature.SigningPublicKey> registryKey() {
    return java.util.Optional.ofNullable(registry).map(Registry::key);
  }

  private static ServerConnector connector(Server server, NodeConfig config) {
    HttpConfiguration http = ServerGuard.httpConfiguration(config.limits());
    // HTTP/1.1 and HTTP/2 on one port: OkHttp 3 waits about 1 ms before every POST on a reused
    // HTTP/1.1 connection (its health check), never on HTTP/2.
    if (config.tlsKeyStore() == null) {
      HttpConnectionFactory http1 = new HttpConnectionFactory(http);
      org.eclipse.jetty.server.ConnectionFactory h2c = ServerGuard.http2(new HTTP2CServerConnectionFactory(http),
          config.limits());
      return config.replicas().proxyProtocol()
          ? new ServerConnector(server, new ProxyConnectionFactory(http1.getProtocol()), http1, h2c)
          : new ServerConnector(server, http1, h2c);
    }
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(config.tlsKeyStore().toAbsolutePath().toString());
    tls.setKeyStoreType("PKCS12");
    tls.setKeyStorePassword(config.tlsKeyStorePassword());
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // clients may address the node by IP
    http.addCustomizer(secure);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
    org.eclipse.jetty.server.ConnectionFactory h2 = ServerGuard.http2(new HTTP2ServerConnectionFactory(http),
        config.limits());
    return config.replicas().proxyProtocol()
        ? new ServerConnector(server, new ProxyConnectionFactory(ssl.getProtocol()), ssl, alpn, h2,
            new HttpConnectionFactory(http))
        : new ServerConnector(server, ssl, alpn, h2, new HttpConnectionFactory(http));
  }

  /**
   * The descriptor for the current period. Its validity is aligned to periods of half the
   * validity, so a dev node restarted within a period serves the very same descriptor (same
   * hash): clients need not refetch, and envelopes sealed to it meet the replay database.
   */
  private static TonCenterClient tonCenter(TonChannelTerms terms) {
    TonCenterClient.Builder b = TonCenterClient.builder().baseUrl(terms.tonCenterUrl);
    if (terms.tonCenterApiKey != null) {
      b.apiKey(terms.tonCenterApiKey);
    }
    return b.build();
  }

  private static NodeState state(NodeConfig config, NodeKeys keys, TonSecretKey paymentKey, ModelBackend model,
      Clock clock, long epoch, TdxAttester attester, SigningPrivateKey operatorKey) {
    long period = Math.max(1, config.descriptorValidity().getSeconds() / 2);
    Instant periodStart = Instant.ofEpochSecond(clock.instant().getEpochSecond() / period * period);
    Instant notAfter = periodStart.plus(config.descriptorValidity());
    NodeDescriptor.Builder b = NodeDescriptor.builder()
        .signingKey(keys.signing.publicKey())
        .epoch(epoch)
        .validity(periodStart.minus(Duration.ofMinutes(1)), notAfter)
        .addHpkeKey(keys.xwing.publicKey())
        .addHpkeKey(keys.kem.publicKey())
        .addModel(ModelInfo.builder(model.model(), model.kind())
            .prices(config.payment() == null ? 0 : config.payment().promptNanotonPer1k,
                config.payment() == null ? 0 : config.payment().completionNanotonPer1k)
            .build())
        .payment(config.payment() == null ? PaymentTerms.free()
            : PaymentTerms.tonChannel(paymentKey.publicKey(), config.payment().payoutAddress.toRaw(),
                config.payment().minDeposit.nanoton(), config.payment().maxInFlightPerChannel,
                config.payment().maxCreditNanoton))
        .maxEnvelopeBytes(config.limits().maxBodyBytes());
    b.attestation(attester == null ? DevAttestation.evidence(b.keyBinding()) : attester.evidence(b.keyBinding()));
    b.operator(OperatorEndorsement.sign(operatorKey, keys.signing.publicKey(), epoch, notAfter));
    SignedDescriptor descriptor = SignedDescriptor.sign(b.build(), keys.signing);
    return new NodeState(descriptor, RequestOpener.create(
        descriptor.nodeId(), descriptor.hash(), keys.hpkeKeys()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return port;
  }

  /** {@code http://host:port}, or {@code https://} with TLS. */
  public String baseUrl() {
    return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The descriptor the node serves now. */
  public SignedDescriptor descriptor() {
    return state.get().descriptor;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    try {
      stopper.stop(server);
    } finally {
      refresher.shutdownNow();
      generators.shutdownNow();
      closeStores(replay, desk, ledger);
      LOG.info("node stopped");
    }
  }

  /** Closes the replay cache, then the payment desk and its ledger of a paid node (null otherwise). */
  private static void closeStores(ReplayGuard replay, PaymentDesk desk, PaymentLedger ledger) {
    replay.close();
    if (desk != null) {
      desk.close();
    }
    if (ledger != null) {
      ledger.close();
    }
  }
}
