package dev.silk.cocoon.testproxy;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonNative;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.tdx.SyntheticTdx;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.encoding.Hex;
import dev.silk.faketon.FakeTonServer;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.cocoon.CocoonRoot;
import dev.silk.ton.cocoon.TonCocoonAccount;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * TEST DOUBLE: a whole COCOON network on loopback for Silk's native COCOON client: the fake-TON
 * chain behind TON Center's API, COCOON's root contract on it (a test network's config: this
 * proxy's image allowed, prices, stakes, contract codes that the fake chain runs), one
 * {@link TestProxy} with an {@link EchoProxy} behind it, attested under a synthetic Intel-shaped
 * PKI, and a funded owner wallet. {@link #cocoonNative} gives a client everything it needs to
 * reach it; {@link #clock} is the instant the synthetic PKI is valid at. Not COCOON. Thread-safe;
 * close it to stop everything.
 *
 * <pre>{@code
 * try (LocalCocoon cocoon = LocalCocoon.builder().start();
 *      SilkClient client = SilkClient.builder().clock(cocoon.clock())
 *          .cocoon(cocoon.cocoonNative(cocoon.account(b -> b)).build()).build()) {
 *   client.chat().completions().create(params);
 * }
 * }</pre>
 */
public final class LocalCocoon implements AutoCloseable {
  /** The model its echo worker serves. */
  public static final String MODEL = "Qwen/Qwen3-32B";
  static final TonAddress ROOT = TonAddress.of(0, sha256("silk local cocoon: root"));
  static final TonAddress PROXY_OWNER = TonAddress.of(0, sha256("silk local cocoon: proxy owner"));

  private final SyntheticTdx pki;
  private final TdxCollateral collateral;
  private final FakeTonServer chain;
  private final TonCenterClient center;
  private final CocoonConfig config;
  private final EchoProxy echo;
  private final TestProxy proxy;
  private final TonWallet wallet;
  private final String imageHash;
  private final List<AutoCloseable> accounts = new ArrayList<>();

  private LocalCocoon(Builder b) throws Exception {
    pki = new SyntheticTdx();
    collateral = pki.collateral().build();
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    b.td.accept(td);
    imageHash = Hex.encode(TdxQuote.parse(pki.quote(td)).measurements().imageHash());
    chain = FakeTonServer.start(0);
    boolean started = false;
    try {
      center = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      RaTlsIdentity.Builder identity = RaTlsIdentity.builder()
          .validity(SyntheticTdx.AT.minusSeconds(3600), Duration.ofDays(1)).asCocoonGenCert()
          .quote(reportData -> {
            SyntheticTdx.Td t = new SyntheticTdx.Td();
            t.reportData = b.reportData.apply(reportData);
            b.td.accept(t);
            try {
              return pki.quote(t);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      TonSecretKey paymentKey = TonSecretKey.generate();
      // The proxy's port is known once it listens; the echo handler learns the config after.
      EchoProxy.Builder echoBuilder = EchoProxy.builder().proxy(paymentKey, PROXY_OWNER).model(MODEL)
          .coefficient(b.coefficient);
      if (b.paymentSigner != null) {
        echoBuilder.signPaymentsWith(b.paymentSigner);
      }
      Deferred handler = new Deferred();
      proxy = TestProxy.builder().identity(b.identity.apply(identity).build()).handler(handler)
          .powDifficulty(b.powDifficulty).clock(clock()).start();
      CocoonConfig.Builder cb = CocoonConfig.builder().root(ROOT.toRaw(), PROXY_OWNER.toRaw()).version(b.version)
          .paramsVersion(1).uniqueId(7).isTest(false).addProxy("127.0.0.1:" + proxy.port())
          .addProxyImageHash(b.listImage ? imageHash : Hex.encode(sha256("some other image")))
          .addModelHash(Hex.encode(sha256(MODEL))).prices(b.price, b.price / 2).multipliers(10_000, 1_000, 20_000, 20_000)
          .delaysBeforeClose(600, 300).stakes(TonAmount.ofTon("1").nanoton(), b.clientStake.nanoton())
          .codes(code("proxy"), code("worker"), code("client"));
      config = cb.build();
      handler.target = echoBuilder.network(config, center).build();
      echo = handler.target;
      chain.chain().putContract(ROOT.toRaw(), code("root"), CocoonRoot.encode(config), TonAmount.ofTon("1").nanoton());
      chain.chain().runCocoonClientCode(config.clientCode());
      wallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      chain.chain().give(wallet.address().toRaw(), b.ownerFunds.nanoton());
      started = true;
    } finally {
      if (!started) {
        chain.close();
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The instant the synthetic PKI, the proxy's certificate and the client's checks agree on. */
  public Clock clock() {
    return Clock.fixed(SyntheticTdx.AT, ZoneOffset.UTC);
  }

  /** The root config as the chain holds it. */
  public CocoonConfig config() {
    return config;
  }

  /** The attested proxy's image hash (hex). */
  public String imageHash() {
    return imageHash;
  }

  public TestProxy proxy() {
    return proxy;
  }

  public EchoProxy echo() {
    return echo;
  }

  /** The fake chain (faucet, clock, state). */
  public FakeTonServer chain() {
    return chain;
  }

  public TonCenterClient tonCenter() {
    return center;
  }

  /** The funded wallet that owns the client contracts. */
  public TonWallet wallet() {
    return wallet;
  }

  /** A client account paying from {@link #wallet}, closed with this network. */
  public synchronized TonCocoonAccount account(UnaryOperator<TonCocoonAccount.Builder> options) {
    TonCocoonAccount account = options.apply(TonCocoonAccount.builder(center, wallet)).build();
    accounts.add(account);
    return account;
  }

  /**
   * Everything a client needs to reach this network: its root through TON Center, {@code account},
   * and proxies attested under the synthetic PKI (not Intel's: for tests only).
   */
  public CocoonNative.Builder cocoonNative(TonCocoonAccount account) {
    return CocoonNative.builder()
        .network(CocoonRoot.builder(center).address(ROOT).build())
        .account(account)
        .collateral(quote -> collateral)
        .tdxVerifierBaseForTests(() -> {
          try {
            return pki.verifier();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public synchronized void close() throws Exception {
    for (AutoCloseable a : accounts) {
      a.close();
    }
    proxy.close();
    chain.close();
  }

  private static byte[] code(String contract) {
    return org.ton.java.cell.CellBuilder.beginCell()
        .storeBytes(("silk local cocoon: " + contract + " contract code").getBytes(StandardCharsets.US_ASCII))
        .endCell().toBoc();
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The session handler, known once the proxy's port is. */
  private static final class Deferred implements Session.Handler {
    volatile EchoProxy target;

    @Override
    public byte[] query(Session session, byte[] data) throws Session.QueryFailure {
      return target.query(session, data);
    }

    @Override
    public void message(Session session, byte[] data) throws java.io.IOException {
      target.message(session, data);
    }
  }

  /** Builds and starts a {@link LocalCocoon}; not thread-safe. */
  public static final class Builder {
    private Consumer<SyntheticTdx.Td> td = t -> { };
    private UnaryOperator<byte[]> reportData = UnaryOperator.identity();
    private UnaryOperator<RaTlsIdentity.Builder> identity = UnaryOperator.identity();
    private boolean listImage = true;
    private int powDifficulty = 12;
    private int coefficient = 1_000;
    private long price = 1_000;
    private TonAmount clientStake = TonAmount.ofTon("1");
    private TonAmount ownerFunds = TonAmount.ofTon("100");
    private TonSecretKey paymentSigner;
    private int version = 7;

    private Builder() {}

    /** Alters the proxy's TD (attributes, measurements) before its quote is made. */
    public Builder td(Consumer<SyntheticTdx.Td> td) {
      this.td = Objects.requireNonNull(td, "td");
      return this;
    }

    /** Alters the report data the proxy's quote carries (a quote that does not bind its key). */
    public Builder reportData(UnaryOperator<byte[]> reportData) {
      this.reportData = Objects.requireNonNull(reportData, "reportData");
      return this;
    }

    /** Alters the proxy's certificate (validity, extensions). */
    public Builder identity(UnaryOperator<RaTlsIdentity.Builder> identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** Whether the root config lists the proxy's image (default true). */
    public Builder listProxyImage(boolean list) {
      this.listImage = list;
      return this;
    }

    public Builder powDifficulty(int difficulty) {
      this.powDifficulty = difficulty;
      return this;
    }

    /** The echo worker's price coefficient (1000 = 1x). */
    public Builder coefficient(int coefficient) {
      this.coefficient = coefficient;
      return this;
    }

    /** nanoTON per adjusted token (default 1000). */
    public Builder price(long nanoton) {
      this.price = nanoton;
      return this;
    }

    public Builder clientStake(TonAmount stake) {
      this.clientStake = Objects.requireNonNull(stake, "stake");
      return this;
    }

    /** A misbehaving proxy: signs payments with another key. */
    public Builder signPaymentsWith(TonSecretKey other) {
      this.paymentSigner = other;
      return this;
    }

    /** The root config's version (default 7). */
    public Builder version(int version) {
      this.version = version;
      return this;
    }

    public LocalCocoon start() throws Exception {
      return new LocalCocoon(this);
    }
  }
}
