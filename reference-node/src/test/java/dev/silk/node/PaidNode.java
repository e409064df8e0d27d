package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.payment.Pricing;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPayment;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A paid reference node for one test: the fake-TON chain, a node in {@code ton-channel} mode that
 * reads it through TON Center's API, and a channel opened on it from a funded client wallet
 * (client = A). Also builds raw payment states, so tests can send what an attacker would.
 */
final class PaidNode implements AutoCloseable {
  static final long PROMPT_PRICE = 20_000_000;     // nanoTON per 1K prompt tokens
  static final long COMPLETION_PRICE = 50_000_000; // nanoTON per 1K completion tokens
  static final TonAmount DEPOSIT = TonAmount.ofTon("1");
  static final byte[] BODY = "{\"model\":\"echo\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
      .getBytes(StandardCharsets.UTF_8);

  final FakeTonServer chain;
  final TonCenterClient ton;
  final TonWallet nodeWallet;
  final LocalNode local;
  final TonSecretKey clientKey;
  final TonWallet clientWallet;
  final PaymentChannelConfig channel;
  final Path channelStore;

  private PaidNode(FakeTonServer chain, Path dataDir, UnaryOperator<String> chainUrl,
      UnaryOperator<TonChannelTerms> terms, UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    this.chain = chain;
    this.ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
    this.nodeWallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
    this.local = new LocalNode(dataDir, b -> settings.apply(b.echoDelay(Duration.ofMillis(2)).tonChannelPayment(
        terms.apply(new TonChannelTerms(chainUrl.apply(chain.tonCenterUrl()), null, nodeWallet.address(), PROMPT_PRICE,
            COMPLETION_PRICE, TonAmount.ofTon("0.5"), 4)))));
    this.clientKey = TonSecretKey.generate();
    this.clientWallet = TonWallet.of(clientKey, WalletVersion.V5R1, Network.MAINNET);
    chain.chain().give(clientWallet.address().toRaw(), TonAmount.ofTon("3").nanoton());
    this.channel = openChannel(clientKey, clientWallet, new BigInteger(120, new java.util.Random(7)));
    this.channelStore = Files.createTempDirectory("silk-channels");
  }

  /** A paid node with the defaults plus {@code settings}. */
  static PaidNode start(UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    return start(url -> url, settings);
  }

  /** A paid node that reaches the chain at {@code chainUrl.apply(the fake chain's URL)} (a proxy, say). */
  static PaidNode start(UnaryOperator<String> chainUrl, UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    return start(Files.createTempDirectory("silk-node-test"), chainUrl, settings);
  }

  /** A paid node keeping its data in {@code dataDir}. */
  static PaidNode start(Path dataDir, UnaryOperator<String> chainUrl, UnaryOperator<NodeConfig.Builder> settings)
      throws Exception {
    return start(dataDir, chainUrl, t -> t, settings);
  }

  /** A paid node with its payment terms changed by {@code terms}. */
  static PaidNode withTerms(UnaryOperator<TonChannelTerms> terms) throws Exception {
    return start(Files.createTempDirectory("silk-node-test"), url -> url, terms, b -> b);
  }

  private static PaidNode start(Path dataDir, UnaryOperator<String> chainUrl, UnaryOperator<TonChannelTerms> terms,
      UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    FakeTonServer chain = FakeTonServer.start(0);
    try {
      return new PaidNode(chain, dataDir, chainUrl, terms, settings);
    } catch (Exception e) {
      chain.close();
      throw e;
    }
  }

  /** Opens (on the fake chain, with real messages) a channel from {@code wallet} to this node, deposit {@link #DEPOSIT}. */
  PaymentChannelConfig openChannel(TonSecretKey key, TonWallet wallet, BigInteger channelId) {
    PaymentChannelConfig config = PaymentChannelConfig.builder().channelId(channelId)
        .publicKeyA(key.publicKey()).publicKeyB(local.node.descriptor().descriptor().payment().counterpartyKey())
        .addressA(wallet.address()).addressB(nodeWallet.address()).build();
    ChannelOpener.open(ton, wallet, config, ChannelSigner.of(config, Side.A, key), DEPOSIT, Duration.ofSeconds(10));
    return config;
  }

  ChannelPaymentProvider provider() throws Exception {
    return ChannelPaymentProvider.builder().channel(channel).key(clientKey).deposit(DEPOSIT)
        .store(new FileChannelStore(channelStore)).build();
  }

  /** The ledger's charged total of the test channel; also checks it equals the sum of its charges. */
  long ledgerCharged() throws Exception {
    return ledgerCharged(channel);
  }

  long ledgerCharged(PaymentChannelConfig config) throws Exception {
    try (PaymentLedger ledger = PaymentLedger.open(local.dataDir)) {
      long charged = ledger.account(config.address().toRaw()).map(a -> a.charged).orElse(0L);
      assertThat(ledger.sumOfCharges(config.address().toRaw())).isEqualTo(charged);
      return charged;
    }
  }

  /** The bound of {@link #BODY} at the node's signed prices (spec-v1 §13.2). */
  long maxCost() {
    ModelInfo echo = local.node.descriptor().descriptor().models().get(0);
    return Pricing.maxCost(echo, BODY.length, 64L);
  }

  /** A payment state of {@code config}'s channel signed as A by {@code signer} (another key forges one). */
  static byte[] payment(PaymentChannelConfig config, TonSecretKey signer, long seqno, long sent, long maxCost) {
    ChannelState state = ChannelState.of(seqno, TonAmount.ofNanoton(sent), 0, TonAmount.ZERO);
    byte[] signature = ChannelSigner.of(PaymentChannelConfig.builder().channelId(config.channelId())
        .publicKeyA(signer.publicKey()).publicKeyB(config.publicKey(Side.B))
        .addressA(config.payoutAddress(Side.A)).addressB(config.payoutAddress(Side.B)).build(), Side.A, signer)
        .sign(state);
    return ChannelPayment.of(config.address(), config.channelId(), state, signature, TonAmount.ofNanoton(maxCost))
        .encode();
  }

  /** A payment state of the test channel, signed by its key A. */
  byte[] payment(long seqno, long sent, long maxCost) {
    return payment(channel, clientKey, seqno, sent, maxCost);
  }

  /** Sends {@link #BODY} sealed with {@code payment}; {@code status[0]} gets the HTTP status. */
  ResponseReader raw(byte[] payment, int[] status) throws Exception {
    return raw(RequestPayload.builder().model("echo").body(BODY).payment(payment).build(), status);
  }

  /** Sends {@code payload} sealed to the node's current descriptor. */
  ResponseReader raw(RequestPayload payload, int[] status) throws Exception {
    SignedDescriptor d = local.node.descriptor();
    SealedRequest sealed = RequestSealer.seal(payload, d.recipient());
    try (Response response = new OkHttpClient().newCall(new Request.Builder()
        .url(local.node.baseUrl() + "/v1/sealed/chat/completions")
        .post(RequestBody.create(MediaType.get("application/vnd.silk.envelope"), sealed.envelope())).build())
        .execute()) {
      status[0] = response.code();
      ResponseReader reader = sealed.responseReader(d.signingKey());
      reader.read(response.body().bytes());
      return reader;
    }
  }

  /** Whether the node answered (a verified receipt), rather than refusing or quoting. */
  static boolean served(ResponseReader answer) {
    return answer.isComplete() && answer.nodeError() == null && answer.paymentQuote() == null;
  }

  @Override
  public void close() throws Exception {
    try {
      local.close();
    } finally {
      chain.close();
      LocalNode.deleteRecursively(channelStore);
    }
  }
}
