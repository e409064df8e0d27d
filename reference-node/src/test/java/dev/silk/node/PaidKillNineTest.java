package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.faketon.FakeTonChain;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.OnChainChannel;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.payment.TonCenterChainView;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.ClosedChannel;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A paying load on three channels against a node process that is killed with SIGKILL twice and
 * restarted on its data directory and port each time, while the clients keep going (and retry).
 * Per channel, against the ledger and the fake chain: every receipt a client holds has its
 * ledger row; what was charged is at least what the receipts say and at most that plus the
 * maxima of the requests that failed without an answer; it never passes the newest state the
 * node holds A's valid signature for; and a cooperative close pays the node exactly the
 * charged total on chain.
 */
class PaidKillNineTest {
  private static final TonAmount DEPOSIT = TonAmount.ofTon("2");
  private static final int CHANNELS = 3;
  private static final int THREADS_PER_CHANNEL = 2;

  /**
   * Passes everything to the channel provider and counts, per attempt, what may have been charged
   * without a receipt: the signed maximum of every attempt that ended after it may have reached
   * the node (the client retries such attempts, so the test counts attempts, not requests).
   */
  private static final class Counting implements dev.silk.core.payment.PaymentProvider {
    final ChannelPaymentProvider pay;
    final AtomicLong atRisk = new AtomicLong();

    Counting(ChannelPaymentProvider pay) {
      this.pay = pay;
    }

    @Override
    public dev.silk.core.payment.PaymentAuthorization authorize(dev.silk.core.payment.PaymentRequest request) {
      return pay.authorize(request);
    }

    @Override
    public void settled(dev.silk.core.payment.PaymentAuthorization a, SignedReceipt receipt) {
      pay.settled(a, receipt);
    }

    @Override
    public void quoted(dev.silk.core.payment.PaymentAuthorization a, dev.silk.crypto.payment.PaymentQuote quote) {
      pay.quoted(a, quote);
    }

    @Override
    public void released(dev.silk.core.payment.PaymentAuthorization a, boolean mayHaveReachedNode) {
      if (mayHaveReachedNode) {
        atRisk.addAndGet(a.maxCost().nanoton());
      }
      pay.released(a, mayHaveReachedNode);
    }

    @Override
    public boolean canPay(dev.silk.crypto.descriptor.PaymentTerms terms) {
      return pay.canPay(terms);
    }
  }

  /** One paying client: its channel, provider, the receipts it holds and what its failures may have cost. */
  private static final class Payer {
    final TonSecretKey key;
    final TonWallet wallet;
    final PaymentChannelConfig channel;
    final ChannelPaymentProvider pay;
    final Counting counting;
    final List<SignedReceipt> held = Collections.synchronizedList(new ArrayList<>());
    SilkClient client;

    Payer(TonSecretKey key, TonWallet wallet, PaymentChannelConfig channel, ChannelPaymentProvider pay) {
      this.key = key;
      this.wallet = wallet;
      this.channel = channel;
      this.pay = pay;
      this.counting = new Counting(pay);
    }

    long heldSum() {
      synchronized (held) {
        return held.stream().mapToLong(r -> r.receipt().costNanoton()).sum();
      }
    }
  }

  @Test
  void twoKillsLoseNoMoneyAndChargeNothingTwiceOnAnyChannel() throws Exception {
    Path dir = Files.createTempDirectory("silk-paid-kill9");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonWallet nodeWallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      NodeProcess node = startNode(dir, port, chain.tonCenterUrl(), nodeWallet);
      SignedDescriptor descriptor = descriptor(node.baseUrl);

      List<Payer> payers = new ArrayList<>();
      for (int c = 0; c < CHANNELS; c++) {
        TonSecretKey key = TonSecretKey.generate();
        TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
        chain.chain().give(wallet.address().toRaw(), TonAmount.ofTon("3").nanoton());
        PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(4242 + c))
            .publicKeyA(key.publicKey()).publicKeyB(descriptor.descriptor().payment().counterpartyKey())
            .addressA(wallet.address()).addressB(nodeWallet.address()).build();
        ChannelOpener.open(ton, wallet, channel, ChannelSigner.of(channel, Side.A, key), DEPOSIT,
            Duration.ofSeconds(10));
        Payer payer = new Payer(key, wallet, channel, ChannelPaymentProvider.builder().channel(channel).key(key)
            .deposit(DEPOSIT).store(new FileChannelStore(dir.resolve("client-" + c))).build());
        payer.client = client(node.baseUrl, payer.counting);
        payers.add(payer);
      }

      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      for (Payer payer : payers) {
        for (int t = 0; t < THREADS_PER_CHANNEL; t++) {
          int thread = t;
          Thread worker = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
              try {
                ChatCompletion answer = payer.client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addMessage(ChatMessage.user("load " + thread + " " + i)).maxTokens(16).build());
                payer.held.add(answer.receipt());
              } catch (SilkException e) {
                // No answer: what it may have cost is counted per attempt by the provider.
              }
            }
          });
          worker.start();
          load.add(worker);
        }
      }
      for (int kill = 0; kill < 2; kill++) {
        int target = payers.stream().mapToInt(p -> p.held.size()).sum() + 60;
        awaitReceipts(payers, target);
        node.kill(); // SIGKILL while requests are in flight
        node = startNode(dir, port, chain.tonCenterUrl(), nodeWallet);
      }
      awaitReceipts(payers, payers.stream().mapToInt(p -> p.held.size()).sum() + 30);
      stop.set(true);
      for (Thread worker : load) {
        worker.join(30_000);
      }
      for (Payer p : payers) {
        p.client.close();
      }
      node.kill(); // the ledger is read as the last kill left it

      long total = 0;
      try (PaymentLedger ledger = PaymentLedger.open(dir.resolve("data"))) {
        for (Payer p : payers) {
          String address = p.channel.address().toRaw();
          synchronized (p.held) {
            for (SignedReceipt r : p.held) {
              Optional<byte[]> row = ledger.receipt(r.receipt().requestId().toBytes());
              assertThat(row).as("ledger row of a receipt the client holds").isPresent();
              assertThat(row.get()).isEqualTo(r.toBytes());
            }
          }
          PaymentLedger.Account account = ledger.account(address).get();
          long heldSum = p.heldSum();
          assertThat(ledger.sumOfCharges(address)).as("charges add up to the total").isEqualTo(account.charged);
          assertThat(account.charged).as("charged against what the client holds and risked")
              .isBetween(heldSum, heldSum + p.counting.atRisk.get());
          // The newest state the node holds: A's valid signature, within the deposit on chain.
          assertThat(account.charged).as("charged <= newest signed sent_a").isLessThanOrEqualTo(account.heldSent);
          ChannelState held = ChannelState.of(account.heldSeqno, TonAmount.ofNanoton(account.heldSent), 0,
              TonAmount.ZERO);
          OnChainChannel onChain = new TonCenterChainView(ton).channel(p.channel.address()).get();
          assertThat(ChannelSigner.verify(onChain.channelId, onChain.keyA, Side.A, held, account.heldSignature))
              .as("the held state verifies under the chain's key A").isTrue();
          assertThat(account.heldSent).as("within A's deposit on chain").isLessThanOrEqualTo(onChain.balanceA);
          assertThat(account.heldSent).as("the client signed it").isLessThanOrEqualTo(p.pay.record().lastSent().nanoton());
          System.out.printf("paid kill -9 x2, channel %s: %d receipts held (%d nanoTON), %d at risk, ledger charged"
              + " %d, newest signed state %d%n", address.substring(0, 10), p.held.size(), heldSum, p.counting.atRisk.get(),
              account.charged, account.heldSent);
          total += account.charged;
        }
      }

      // The chain's view: closing each channel pays the node exactly what the ledger charged.
      node = startNode(dir, port, chain.tonCenterUrl(), nodeWallet);
      try {
        TonAmount before = ton.getAddressBalance(nodeWallet.address());
        long closedTotal = 0;
        for (Payer p : payers) {
          ClosedChannel closed = p.pay.closeCooperatively(node.baseUrl, descriptor.signingKey(), new OkHttpClient(),
              ton, p.wallet, Duration.ofSeconds(10));
          closedTotal += closed.balanceB().nanoton();
        }
        assertThat(closedTotal).isEqualTo(total);
        assertThat(ton.getAddressBalance(nodeWallet.address()).minus(before).nanoton())
            .as("paid out on chain, less the fake chain's flat forwarding fee per close")
            .isEqualTo(total - CHANNELS * FakeTonChain.FORWARD_FEE);
      } finally {
        node.kill();
      }
    } finally {
      LocalNode.deleteRecursively(dir);
    }
  }

  private static void awaitReceipts(List<Payer> payers, int target) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (payers.stream().mapToInt(p -> p.held.size()).sum() < target && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertThat(payers.stream().mapToInt(p -> p.held.size()).sum()).as("receipts before the next step")
        .isGreaterThanOrEqualTo(target);
  }

  private static SilkClient client(String url, dev.silk.core.payment.PaymentProvider pay) {
    return SilkClient.builder().baseUrl(url).attestationPolicy(LocalNode.DEV).paymentProvider(pay)
        .maxRetries(5).retryBackoff(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5)).build();
  }

  private static NodeProcess startNode(Path dir, int port, String tonCenterUrl, TonWallet payout) throws Exception {
    return NodeProcess.start(dir, port, "--echo-delay-ms", "3", "--payment", "ton-channel", "--ton-center-url",
        tonCenterUrl, "--payout-address", payout.address().toRaw(), "--prompt-price", "20000000",
        "--completion-price", "50000000", "--channel-max-in-flight", "4");
  }

  private static SignedDescriptor descriptor(String url) throws Exception {
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(url + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(LocalNode.DEV, Instant.now());
      return d;
    }
  }
}
