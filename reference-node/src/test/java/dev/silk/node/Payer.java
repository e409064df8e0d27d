package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
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
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One paying client of the kill tests and the fleet benchmark: a funded wallet, a channel opened to the node on the fake
 * chain, its provider, the receipts it holds, and what its failed attempts may have cost. Checks
 * the node's books for its channel against all of that.
 */
public final class Payer {
  final TonSecretKey key;
  final TonWallet wallet;
  final PaymentChannelConfig channel;
  /** The client's side of the channel: give it to a client as its payment provider. */
  public final ChannelPaymentProvider pay;
  final Counting counting;
  final List<SignedReceipt> held = Collections.synchronizedList(new ArrayList<>());
  SilkClient client;

  private Payer(TonSecretKey key, TonWallet wallet, PaymentChannelConfig channel, ChannelPaymentProvider pay) {
    this.key = key;
    this.wallet = wallet;
    this.channel = channel;
    this.pay = pay;
    this.counting = new Counting(pay);
  }

  /** Funds a new wallet and opens a channel of {@code deposit} from it to the node that signed {@code descriptor}. */
  public static Payer open(FakeTonServer chain, TonCenterClient ton, SignedDescriptor descriptor, TonWallet nodeWallet,
      BigInteger channelId, TonAmount deposit, Path store) throws java.io.IOException {
    TonSecretKey key = TonSecretKey.generate();
    TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
    chain.chain().give(wallet.address().toRaw(), deposit.nanoton() + TonAmount.ofTon("1").nanoton());
    PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(channelId)
        .publicKeyA(key.publicKey()).publicKeyB(descriptor.descriptor().payment().counterpartyKey())
        .addressA(wallet.address()).addressB(nodeWallet.address()).build();
    ChannelOpener.open(ton, wallet, channel, ChannelSigner.of(channel, Side.A, key), deposit, Duration.ofSeconds(10));
    return new Payer(key, wallet, channel, ChannelPaymentProvider.builder().channel(channel).key(key)
        .deposit(deposit).store(new FileChannelStore(store)).build());
  }

  /** The payer of an already open channel. */
  static Payer of(TonSecretKey key, TonWallet wallet, PaymentChannelConfig channel, ChannelPaymentProvider pay) {
    return new Payer(key, wallet, channel, pay);
  }

  long heldSum() {
    synchronized (held) {
      return held.stream().mapToLong(r -> r.receipt().costNanoton()).sum();
    }
  }

  /**
   * Checks the node's books of this channel: every receipt the client holds has its ledger row,
   * byte for byte; the charges add up to the total; the total is at least what the receipts say
   * and at most that plus what the failed attempts risked; it never passes the newest state the
   * node holds, which verifies under the chain's key A and is within A's deposit.
   *
   * @return the channel's charged total
   */
  long assertBooks(PaymentLedger ledger, TonCenterClient ton) throws Exception {
    String address = channel.address().toRaw();
    synchronized (held) {
      for (SignedReceipt r : held) {
        Optional<byte[]> row = ledger.receipt(r.receipt().requestId().toBytes());
        assertThat(row).as("ledger row of a receipt the client holds").isPresent();
        assertThat(row.get()).isEqualTo(r.toBytes());
      }
    }
    PaymentLedger.Account account = ledger.account(address).get();
    long heldSum = heldSum();
    assertThat(ledger.sumOfCharges(address)).as("charges add up to the total").isEqualTo(account.charged);
    assertThat(account.charged).as("charged against what the client holds and risked")
        .isBetween(heldSum, heldSum + counting.atRisk.get());
    assertThat(account.charged).as("charged <= newest signed sent_a").isLessThanOrEqualTo(account.heldSent);
    ChannelState newest = ChannelState.of(account.heldSeqno, TonAmount.ofNanoton(account.heldSent), 0,
        TonAmount.ZERO);
    OnChainChannel onChain = new TonCenterChainView(ton).channel(channel.address()).get();
    assertThat(ChannelSigner.verify(onChain.channelId, onChain.keyA, Side.A, newest, account.heldSignature))
        .as("the held state verifies under the chain's key A").isTrue();
    assertThat(account.heldSent).as("within A's deposit on chain").isLessThanOrEqualTo(onChain.balanceA);
    assertThat(account.heldSent).as("the client signed it").isLessThanOrEqualTo(pay.record().lastSent().nanoton());
    System.out.printf("channel %s: %d receipts held (%d nanoTON), %d at risk, ledger charged %d, newest signed"
        + " state %d%n", address.substring(0, 10), held.size(), heldSum, counting.atRisk.get(), account.charged,
        account.heldSent);
    return account.charged;
  }

  /**
   * Paying calls on every payer's client, {@code threadsPerPayer} threads each, one after another
   * until closed; each answer's receipt joins the payer's, and a call that fails after its retries
   * is kept in {@link #failures} (what it may have cost is counted per attempt by the provider).
   */
  static final class Load implements AutoCloseable {
    final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    static Load start(List<Payer> payers, int threadsPerPayer, String label) {
      Load load = new Load();
      for (Payer payer : payers) {
        for (int t = 0; t < threadsPerPayer; t++) {
          String prefix = label + " " + t + " ";
          Thread worker = new Thread(() -> {
            for (int i = 0; !load.stop.get(); i++) {
              try {
                payer.held.add(payer.client.chat().completions().create(
                    dev.silk.core.chat.ChatCompletionCreateParams.builder().model("echo")
                        .addMessage(dev.silk.core.chat.ChatMessage.user(prefix + i)).maxTokens(16).build())
                    .receipt());
              } catch (dev.silk.core.errors.SilkException e) {
                load.failures.add(e.toString());
              }
            }
          });
          worker.start();
          load.threads.add(worker);
        }
      }
      return load;
    }

    /** Stops the calls and waits for the ones under way. */
    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread worker : threads) {
        worker.join(30_000);
      }
    }
  }

  /** Waits (a minute at most) until the payers hold {@code target} receipts in all. */
  static void awaitReceipts(List<Payer> payers, int target) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (payers.stream().mapToInt(p -> p.held.size()).sum() < target && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertThat(payers.stream().mapToInt(p -> p.held.size()).sum()).as("receipts before the next step")
        .isGreaterThanOrEqualTo(target);
  }

  /** The node's descriptor at {@code url}, verified. */
  public static SignedDescriptor descriptor(String url) throws Exception {
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(url + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(LocalNode.DEV, Instant.now());
      return d;
    }
  }

  /**
   * Passes everything to the channel provider and counts, per attempt, what may have been charged
   * without a receipt: the signed maximum of every attempt that ended after it may have reached
   * the node (the client retries such attempts, so the test counts attempts, not requests).
   */
  static final class Counting implements PaymentProvider {
    final ChannelPaymentProvider pay;
    final AtomicLong atRisk = new AtomicLong();

    Counting(ChannelPaymentProvider pay) {
      this.pay = pay;
    }

    @Override
    public PaymentAuthorization authorize(PaymentRequest request) {
      return pay.authorize(request);
    }

    @Override
    public void settled(PaymentAuthorization a, SignedReceipt receipt) {
      pay.settled(a, receipt);
    }

    @Override
    public void quoted(PaymentAuthorization a, PaymentQuote quote) {
      pay.quoted(a, quote);
    }

    @Override
    public void released(PaymentAuthorization a, boolean mayHaveReachedNode) {
      if (mayHaveReachedNode) {
        atRisk.addAndGet(a.maxCost().nanoton());
      }
      pay.released(a, mayHaveReachedNode);
    }

    @Override
    public boolean canPay(PaymentTerms terms) {
      return pay.canPay(terms);
    }
  }
}
