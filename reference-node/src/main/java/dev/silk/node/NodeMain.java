package dev.silk.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.silk.core.payment.TonAmount;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.node.store.Database;
import dev.silk.node.tee.CollateralFile;
import dev.silk.core.tdx.IntelPcs;
import dev.silk.ton.TonAddress;

/**
 * {@code silk-node}: starts a reference node. Every flag can also be set in a properties file
 * given with {@code --config} (keys are the long flag names without dashes, e.g. {@code port=8080});
 * flags win over the file.
 */
@Command(name = "silk-node", mixinStandardHelpOptions = true, version = "silk-node 0.1.0",
    subcommands = {VerifyQuoteCommand.class, LedgerCommand.class},
    description = {
        "Runs a Silk reference node: sealed chat completions (HPKE) with signed receipts, replay",
        "protection across restarts, the echo reference model (a test double) or an OpenAI-compatible",
        "upstream, dev attestation (INSECURE, local use only) or tdx, free by default or paid over TON",
        "payment channels (--payment ton-channel: credit windows, a durable ledger, channels watched on",
        "chain), and a registry. It prints 'listening on URL' once it serves."})
public final class NodeMain implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults for any flag below.")
  Path config;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}). Plain HTTP: keep it on loopback.")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to this file once listening (for scripts using --port 0).")
  Path portFile;

  @Option(names = "--role", defaultValue = "node", paramLabel = "node|relay", description = "node (default): a Silk node, which is also its own Oblivious HTTP gateway (POST /v1/ohttp). relay: an Oblivious HTTP relay (POST /relay/<host:port>) to the nodes of --relay-allow only; it forwards no header of the client's and logs no body.")
  String role;

  @Option(names = "--relay-allow", paramLabel = "URL", description = "With --role relay: a node's base URL it may forward to (repeat for more).")
  java.util.List<String> relayAllow;

  @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "jdbc:postgresql://host:port/db: keep the replay cache and, on a paid node, the payment ledger in this PostgreSQL database, shared with the node's other replicas (same keys, same public URL), instead of the data directory. Password from the variable SILK_DATABASE_PASSWORD.")
  String databaseUrl;

  @Option(names = "--database-user", paramLabel = "ROLE", description = "The PostgreSQL role (default: from the URL or the driver's default).")
  String databaseUser;

  @Option(names = "--database-pool", defaultValue = "8", description = "Connections to the database from this replica (default: ${DEFAULT-VALUE}).")
  int databasePool;

  @Option(names = "--keys", paramLabel = "DIR", description = "Where the dev keys live (signing, HPKE, payment channel, operator; created if absent): replicas of one node give one directory and share one identity (default: --data-dir).")
  Path keysDir;

  @Option(names = "--proxy-protocol", description = "Behind a layer-4 balancer that sends the PROXY protocol (v1 or v2): per-client limits count the client's address, not the balancer's. Every connection must start with the header: keep the node reachable only through the balancer.")
  boolean proxyProtocol;

  @Option(names = "--data-dir", defaultValue = "silk-node-data", description = "Directory for dev keys (kept across restarts) and the replay database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--echo-delay-ms", defaultValue = "0", description = "Pause between the echo model's tokens, in ms (default: ${DEFAULT-VALUE}).")
  long echoDelayMs;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest request body accepted, checked before any crypto (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--rate-limit", defaultValue = "500", description = "Sealed requests per second from all clients together before 429, checked before any crypto (default: ${DEFAULT-VALUE}).")
  double rateLimit;

  @Option(names = "--rate-limit-per-client", defaultValue = "200", description = "Requests per second one remote address (and one payment channel) may send to the POST endpoints before 429, checked before any signature work (default: ${DEFAULT-VALUE}).")
  int rateLimitPerClient;

  @Option(names = "--max-connections", defaultValue = "1024", description = "Open connections at most; more wait in the accept queue (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--drain-s", defaultValue = "10", description = "On stop (SIGTERM), requests in flight get this many seconds to finish while no new connection is accepted (default: ${DEFAULT-VALUE}).")
  long drainSeconds;

  @Option(names = "--body-deadline-s", defaultValue = "10", description = "A request body must arrive in full within this many seconds, else 408 (default: ${DEFAULT-VALUE}).")
  long bodyDeadlineSeconds;

  @Option(names = "--min-body-rate", defaultValue = "1024", paramLabel = "BYTES_PER_S", description = "Slowest average pace a request body may arrive at (default: ${DEFAULT-VALUE}).")
  long minBodyRate;

  @Option(names = "--max-in-flight", defaultValue = "64", description = "Requests served at once before 503 (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--request-timeout-s", defaultValue = "60", description = "Longest time to produce one answer, in seconds (default: ${DEFAULT-VALUE}).")
  long requestTimeoutSeconds;

  @Option(names = "--replay-window-s", defaultValue = "300", description = "Accepted clock skew of requests and how long ids are remembered, in seconds (default: ${DEFAULT-VALUE}).")
  long replayWindowSeconds;

  @Option(names = "--coalesce-ms", defaultValue = "25", description = "Streaming: tokens produced within this many ms share one chunk (default: ${DEFAULT-VALUE}).")
  long coalesceMs;

  @Option(names = "--upstream-url", paramLabel = "URL", description = "Forward to this OpenAI-compatible server (llama.cpp, vLLM, Ollama) instead of the echo model, e.g. http://127.0.0.1:8000.")
  String upstreamUrl;

  @Option(names = "--upstream-model", paramLabel = "NAME", description = "Model name sent to the upstream (required with --upstream-url).")
  String upstreamModel;

  @Option(names = "--model-name", paramLabel = "NAME", description = "Model name clients ask for and the descriptor lists (default: the upstream model).")
  String modelName;

  @Option(names = "--upstream-api-key-env", paramLabel = "VAR", description = "Environment variable holding the upstream's bearer token (read from the environment so it never appears in a command line).")
  String upstreamApiKeyEnv;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 key store with the TLS certificate and key: serve HTTPS. Required to bind anything but loopback.")
  Path tlsKeyStore;

  @Option(names = "--tls-password-env", paramLabel = "VAR", defaultValue = "SILK_TLS_PASSWORD", description = "Environment variable holding the key store password (default: ${DEFAULT-VALUE}).")
  String tlsPasswordEnv;

  @Option(names = "--benchmark-plain-endpoint", description = "BENCHMARK ONLY: also serve unencrypted /v1/plain/chat/completions as a load-run baseline (default: off; never in the descriptor).")
  boolean benchmarkPlainEndpoint;

  @Option(names = "--registry", description = "Also act as a registry (spec-v1 §14): take nodes' signed announcements at POST /v1/registry/announce and serve the list, signed by this node's registry key (kept in --data-dir), at GET /v1/registry.")
  boolean registry;

  @Option(names = "--registry-ttl-seconds", defaultValue = "180", paramLabel = "S", description = "With --registry: how long an announcement stays listed without a refresh (default: ${DEFAULT-VALUE}).")
  long registryTtlSeconds;

  @Option(names = "--announce-to", paramLabel = "URL", description = "Announce this node to the registry at URL (repeatable).")
  java.util.List<String> announceTo = new java.util.ArrayList<>();

  @Option(names = "--public-url", paramLabel = "URL", description = "The URL announced to registries (default: this node's own base URL).")
  String publicUrl;

  @Option(names = "--announce-interval-seconds", defaultValue = "30", paramLabel = "S", description = "How often to re-announce (default: ${DEFAULT-VALUE}; keep it well under the registry's TTL).")
  long announceIntervalSeconds;

  @Option(names = "--inject-fault", defaultValue = "none", paramLabel = "FAULT", description = "TESTING ONLY: misbehave on purpose so clients' failure handling can be tested. bad-receipt: flip a bit of each final chunk (the one carrying the receipt); server-error: HTTP 500; dropped-stream: cut streams after their first chunk; payment-required: an unsigned HTTP 402 (default: ${DEFAULT-VALUE}).")
  String injectFault;

  @Option(names = "--attestation", defaultValue = "dev", paramLabel = "dev|tdx", description = "dev: INSECURE, keys kept in --data-dir, for local use (default). tdx: on a TDX guest, keys generated in memory at each start and quotes from configfs-tsm.")
  String attestation;

  @Option(names = "--tsm-report-dir", defaultValue = "/sys/kernel/config/tsm/report", paramLabel = "DIR", description = "configfs-tsm report directory for --attestation tdx (default: ${DEFAULT-VALUE}).")
  Path tsmReportDir;

  @Option(names = "--operator-key", paramLabel = "FILE", description = "The operator's identity key, which endorses this node's keys in every descriptor and outlives them (created if absent; default: operator.key in --data-dir). In tdx mode keep it outside the TD's image.")
  Path operatorKey;

  @Option(names = "--tdx-pcs-url", paramLabel = "URL", description = "tdx: fetch Intel's collateral (TCB info, QE identity, CRLs) from this PCS or PCCS, API v4, e.g. " + IntelPcs.INTEL_PCS + "; refreshed every 6 h.")
  String tdxPcsUrl;

  @Option(names = "--tdx-root-ca-crl-url", defaultValue = IntelPcs.INTEL_ROOT_CA_CRL, paramLabel = "URL", description = "tdx: the Intel SGX Root CA CRL (default: ${DEFAULT-VALUE}; a PCCS serves it at /sgx/certification/v4/rootcacrl).")
  String tdxRootCaCrlUrl;

  @Option(names = "--tdx-collateral", paramLabel = "FILE", description = "tdx: Intel's collateral from a JSON file you keep current (QuoteCollateralV3 form of Intel's tools and dcap-qvl), instead of --tdx-pcs-url.")
  Path tdxCollateralFile;

  @Option(names = "--payment", defaultValue = "free", paramLabel = "free|ton-channel", description = "free: nothing is charged (explicit, logged; default). ton-channel: only requests paid over a TON payment channel with this node are served (spec-v1 §13).")
  String payment;

  @Option(names = "--ton-center-url", paramLabel = "URL", description = "TON Center v2 API the node reads channels from (ton-channel), e.g. https://testnet.toncenter.com/api/v2/ or a local chain.")
  String tonCenterUrl;

  @Option(names = "--ton-center-api-key-env", paramLabel = "VAR", description = "Environment variable holding the TON Center API key (optional).")
  String tonCenterApiKeyEnv;

  @Option(names = "--payout-address", paramLabel = "ADDRESS", description = "Where the node's share of closed channels is paid (ton-channel).")
  String payoutAddress;

  @Option(names = "--prompt-price", defaultValue = "0", paramLabel = "NANOTON", description = "nanoTON per 1000 prompt tokens (ton-channel; default: ${DEFAULT-VALUE}).")
  long promptPrice;

  @Option(names = "--completion-price", defaultValue = "0", paramLabel = "NANOTON", description = "nanoTON per 1000 completion tokens (ton-channel; default: ${DEFAULT-VALUE}).")
  long completionPrice;

  @Option(names = "--min-deposit", defaultValue = "100000000", paramLabel = "NANOTON", description = "Least channel deposit the descriptor asks for (default: ${DEFAULT-VALUE}).")
  long minDeposit;

  @Option(names = "--commit-threshold", defaultValue = "0", paramLabel = "NANOTON", description = "Settle on chain: once a channel's charges not covered by an on-chain commit reach this, new payments are refused (commit_required) until the client commits cooperatively (default: ${DEFAULT-VALUE}, never).")
  long commitThreshold;

  @Option(names = "--wallet-key", paramLabel = "FILE", description = "The node's TON wallet key, which pays for its own messages to its channels (challenges of a close on an old state); created on first start (default: wallet-ton.key in the data directory). Never logged.")
  Path walletKey;

  @Option(names = "--watch-interval", defaultValue = "60", paramLabel = "SECONDS", description = "How often the node reads its channels on chain to challenge a close on an old state; keep it well under the channels' quarantine (default: ${DEFAULT-VALUE}).")
  long watchIntervalSeconds;

  @Option(names = "--max-credit", defaultValue = "100000000", paramLabel = "NANOTON", description = "Credit window W per channel: the most a client may sign ahead of its charges, and so the most it trusts this node with (default: ${DEFAULT-VALUE}, 0.1 TON; 0: a new signed state per request).")
  long maxCredit;

  @Option(names = "--channel-max-in-flight", defaultValue = "4", paramLabel = "K", description = "Requests in flight accepted per channel, k in the descriptor; bounds a client's exposure (default: ${DEFAULT-VALUE}).")
  int channelMaxInFlight;

  @Override
  public Integer call() throws Exception {
    if ("relay".equals(role)) {
      return relay();
    }
    if (!"node".equals(role)) {
      throw new IllegalArgumentException("--role is node or relay, not " + role);
    }
    SilkNode node = SilkNode.start(toConfig());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    if (portFile != null) {
      Files.write(portFile, Integer.toString(node.port()).getBytes(StandardCharsets.US_ASCII));
    }
    node.join();
    return 0;
  }

  /** {@code --role relay}: an Oblivious HTTP relay to the gateways of {@code --relay-allow}, until stopped. */
  private int relay() throws Exception {
    if (relayAllow == null || relayAllow.isEmpty()) {
      throw new IllegalArgumentException("--role relay needs at least one --relay-allow URL (a node it forwards to)");
    }
    if (!dev.silk.core.Loopback.isLoopback(host)) {
      throw new IllegalArgumentException("the relay speaks plain HTTP: bind it to loopback behind a TLS proxy");
    }
    java.util.List<java.net.URI> allow = new java.util.ArrayList<>();
    for (String url : relayAllow) {
      allow.add(java.net.URI.create(url));
    }
    dev.silk.node.relay.ObliviousRelay relay = dev.silk.node.relay.ObliviousRelay.start(host, port, allow,
        maxBodyBytes + 4096, java.time.Duration.ofSeconds(requestTimeoutSeconds));
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        relay.close();
      } catch (Exception ignored) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    }));
    if (portFile != null) {
      Files.write(portFile, Integer.toString(relay.port()).getBytes(StandardCharsets.US_ASCII));
    }
    stopped.await();
    return 0;
  }

  /** The node configuration the parsed flags describe. */
  NodeConfig toConfig() {
    NodeConfig.Builder builder = NodeConfig.builder();
    if (upstreamUrl != null) {
      if (upstreamModel == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--upstream-url needs --upstream-model");
      }
      String key = upstreamApiKeyEnv == null ? null : System.getenv(upstreamApiKeyEnv);
      builder.openAiUpstream(upstreamUrl, upstreamModel, modelName != null ? modelName : upstreamModel, key);
    }
    if (operatorKey != null) {
      builder.operatorKeyFile(operatorKey);
    }
    if (tdxPcsUrl != null && tdxCollateralFile != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "give --tdx-pcs-url or --tdx-collateral, not both");
    }
    if ("tdx".equals(attestation)) {
      builder.tdx(tsmReportDir);
      if (tdxPcsUrl != null) {
        builder.tdxCollateral(new IntelPcs(new okhttp3.OkHttpClient(), tdxPcsUrl, tdxRootCaCrlUrl));
      } else if (tdxCollateralFile != null) {
        builder.tdxCollateral(new CollateralFile(tdxCollateralFile));
      }
    } else if (tdxPcsUrl != null || tdxCollateralFile != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--tdx-pcs-url and --tdx-collateral need --attestation tdx");
    } else if (!"dev".equals(attestation)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--attestation must be dev or tdx");
    }
    if ("ton-channel".equals(payment)) {
      if (tonCenterUrl == null || payoutAddress == null) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--payment ton-channel needs --ton-center-url and --payout-address");
      }
      try {
        TonChannelTerms terms = new TonChannelTerms(tonCenterUrl,
            tonCenterApiKeyEnv == null ? null : System.getenv(tonCenterApiKeyEnv), TonAddress.parse(payoutAddress),
            promptPrice, completionPrice, TonAmount.ofNanoton(minDeposit), channelMaxInFlight)
            .withCommitThreshold(commitThreshold).withMaxCredit(maxCredit)
            .withWatchInterval(Duration.ofSeconds(watchIntervalSeconds));
        builder.tonChannelPayment(walletKey == null ? terms : terms.withWalletKey(walletKey));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
    } else if (!"free".equals(payment)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--payment must be free or ton-channel");
    }
    if (registry) {
      builder.registry(Duration.ofSeconds(registryTtlSeconds));
    }
    if (!announceTo.isEmpty()) {
      builder.announce(announceTo, publicUrl, Duration.ofSeconds(announceIntervalSeconds));
    }
    try {
      builder.injectFault(InjectedFault.valueOf(injectFault.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--inject-fault must be none, bad-receipt, server-error, dropped-stream or payment-required");
    }
    Replicas.Builder replicas = Replicas.builder().proxyProtocol(proxyProtocol);
    if (keysDir != null) {
      replicas.keysDir(keysDir);
    }
    if (databaseUrl != null) {
      try {
        replicas.database(Database.postgres(databaseUrl, databaseUser, System.getenv("SILK_DATABASE_PASSWORD"))
            .withPoolSize(databasePool));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
    }
    builder.replicas(replicas.build());
    if (tlsKeyStore != null) {
      String password = System.getenv(tlsPasswordEnv);
      builder.tls(tlsKeyStore, password == null ? "" : password);
    }
    return builder
        .host(host).port(port).dataDir(dataDir)
        .echoDelay(Duration.ofMillis(echoDelayMs))
        .limits(l -> l.maxBodyBytes(maxBodyBytes).rateLimitPerSecond(rateLimit).maxInFlight(maxInFlight)
            .rateLimitPerClient(rateLimitPerClient).maxConnections(maxConnections)
            .bodyDeadline(Duration.ofSeconds(bodyDeadlineSeconds)).minBodyBytesPerSecond(minBodyRate)
            .drainTimeout(Duration.ofSeconds(drainSeconds)))
        .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
        .replayWindow(Duration.ofSeconds(replayWindowSeconds))
        .coalesce(Duration.ofMillis(coalesceMs))
        .benchmarkPlainEndpoint(benchmarkPlainEndpoint)
        .build();
  }

  public static void main(String[] args) throws IOException {
    System.exit(commandLine(new NodeMain(), args).execute(args));
  }

  /** The command line for {@code command}, with defaults from the {@code --config} file if given. */
  static CommandLine commandLine(NodeMain command, String[] args) throws IOException {
    CommandLine cli = new CommandLine(command);
    Path configFile = configArgument(args);
    if (configFile != null) {
      Properties defaults = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
        defaults.load(reader);
      }
      cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(defaults));
    }
    return cli;
  }

  private static Path configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Paths.get(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Paths.get(args[i].substring("--config=".length()));
      }
    }
    return null;
  }
}
