package dev.silk.testing;

import dev.silk.core.SilkClient;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.InjectedFault;
import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Silk reference node for your integration tests, in this JVM on a free loopback port: the echo
 * model (a deterministic test double that echoes the last user message), {@code dev} attestation
 * (accepted by the clients it hands out, by name), and by default paid over a TON payment channel
 * on the local fake-TON chain, with a funded wallet and an open channel. It can fake failures on
 * request. Not for production: everything it proves is about your code, not about privacy.
 * Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (SilkTestNode silk = SilkTestNode.builder().build()) {
 *   ChatCompletion answer = silk.client().chat().completions().create(params);
 *   silk.inject(InjectedFault.SERVER_ERROR);   // your error handling, next
 * }
 * }</pre>
 */
public final class SilkTestNode implements AutoCloseable {
  private final Path dir;
  private final FakeTonServer chain;
  private final SilkNode node;
  private final ChannelPaymentProvider payments;
  private final UnaryOperator<SilkClient.Builder> clientSettings;
  private final List<SilkClient> clients = new ArrayList<>();
  private SilkClient client;

  private SilkTestNode(Path dir, FakeTonServer chain, SilkNode node, ChannelPaymentProvider payments,
      UnaryOperator<SilkClient.Builder> clientSettings) {
    this.dir = dir;
    this.chain = chain;
    this.node = node;
    this.payments = payments;
    this.clientSettings = clientSettings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The client every test of this node shares: verifies receipts, pays over the channel (if paid). */
  public synchronized SilkClient client() {
    if (client == null) {
      client = newClient(b -> b);
    }
    return client;
  }

  /** A further client of this node with your own settings on top (timeouts, retries, budget); closed with the node. */
  public synchronized SilkClient newClient(UnaryOperator<SilkClient.Builder> settings) {
    SilkClient.Builder b = SilkClient.builder().baseUrl(node.baseUrl())
        // The test node proves nothing with "dev" attestation: accepted by name, for tests only.
        .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build());
    if (payments != null) {
      b.paymentProvider(payments);
    }
    SilkClient c = settings.apply(clientSettings.apply(b)).build();
    clients.add(c);
    return c;
  }

  public String baseUrl() {
    return node.baseUrl();
  }

  /** The node itself (its descriptor, its registry key, ...). */
  public SilkNode node() {
    return node;
  }

  /** The client's channel with the node, if the node is paid. */
  public Optional<ChannelPaymentProvider> payments() {
    return Optional.ofNullable(payments);
  }

  /** The local chain's TON Center URL, if the node is paid. */
  public Optional<String> tonCenterUrl() {
    return chain == null ? Optional.<String>empty() : Optional.of(chain.tonCenterUrl());
  }

  /**
   * Fakes {@code fault} on every request from now on: {@code SERVER_ERROR} (HTTP 500),
   * {@code PAYMENT_REQUIRED} (an unsigned 402), {@code DROPPED_STREAM} (streams cut after their
   * first chunk), {@code BAD_RECEIPT} (a final chunk no client can verify).
   */
  public void inject(InjectedFault fault) {
    node.faults().inject(fault);
  }

  /** Answers every request {@code delay} later. */
  public void slowDown(Duration delay) {
    node.faults().slowDown(delay);
  }

  /** Back to normal answers. */
  public void clearFaults() {
    node.faults().clear();
  }

  @Override
  public synchronized void close() throws Exception {
    for (SilkClient c : clients) {
      c.close();
    }
    node.close();
    if (chain != null) {
      chain.close();
    }
    deleteRecursively(dir);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Builds and starts a {@link SilkTestNode}; not thread-safe. */
  public static final class Builder {
    private boolean paid = true;
    private Duration echoDelay = Duration.ZERO;
    private long promptPricePer1k = 1_000_000;
    private long completionPricePer1k = 3_000_000;
    private TonAmount deposit = TonAmount.ofTon("1");
    private UnaryOperator<NodeConfig.Builder> nodeSettings = b -> b;
    private UnaryOperator<SilkClient.Builder> clientSettings = b -> b;

    private Builder() {}

    /** An explicitly free node: no chain, no wallet, no payment. Default: paid. */
    public Builder free() {
      this.paid = false;
      return this;
    }

    /** Prices in nanoTON per 1K prompt and completion tokens (default 1,000,000 and 3,000,000). */
    public Builder prices(long promptPer1k, long completionPer1k) {
      this.promptPricePer1k = promptPer1k;
      this.completionPricePer1k = completionPer1k;
      return this;
    }

    /** The client's channel deposit (default 1 TON, funded by the local faucet). */
    public Builder deposit(TonAmount deposit) {
      this.deposit = Objects.requireNonNull(deposit, "deposit");
      return this;
    }

    /** The echo model's delay per token (default none). */
    public Builder echoDelay(Duration delay) {
      this.echoDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** Any further node setting (limits, timeouts, ...). */
    public Builder node(UnaryOperator<NodeConfig.Builder> settings) {
      this.nodeSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Settings applied to every client the node hands out. */
    public Builder client(UnaryOperator<SilkClient.Builder> settings) {
      this.clientSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Starts the chain (if paid), the node, the wallet and the channel. */
    public SilkTestNode build() throws Exception {
      Path dir = Files.createTempDirectory("silk-test-node");
      FakeTonServer chain = paid ? FakeTonServer.start(0) : null;
      SilkNode node = null;
      try {
        NodeConfig.Builder config = NodeConfig.builder().dataDir(dir.resolve("node")).port(0).echoDelay(echoDelay);
        TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.TESTNET);
        if (paid) {
          config.tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(), null, payout.address(), promptPricePer1k,
              completionPricePer1k, TonAmount.ZERO, 4));
        }
        node = SilkNode.start(nodeSettings.apply(config).build());
        ChannelPaymentProvider payments = paid ? openChannel(chain, node, dir) : null;
        return new SilkTestNode(dir, chain, node, payments, clientSettings);
      } catch (Exception | Error e) {
        if (node != null) {
          node.close();
        }
        if (chain != null) {
          chain.close();
        }
        deleteRecursively(dir);
        throw e;
      }
    }

    private ChannelPaymentProvider openChannel(FakeTonServer chain, SilkNode node, Path dir) throws IOException {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonSecretKey key = TonSecretKey.generate();
      TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.TESTNET);
      chain.chain().give(wallet.address().toRaw(), deposit.plus(TonAmount.ofTon("1")).nanoton());
      PaymentTerms terms = node.descriptor().descriptor().payment();
      PaymentChannelConfig channel = PaymentChannelConfig.builder()
          .channelId(new BigInteger(128, new SecureRandom()))
          .publicKeyA(key.publicKey()).publicKeyB(terms.counterpartyKey())
          .addressA(wallet.address()).addressB(TonAddress.parse(terms.address()))
          .build();
      ChannelOpener.open(ton, wallet, channel, ChannelSigner.of(channel, Side.A, key), deposit, Duration.ofSeconds(30));
      return ChannelPaymentProvider.builder().channel(channel).key(key).deposit(deposit)
          .store(new FileChannelStore(dir.resolve("client-channels"))).build();
    }
  }
}
