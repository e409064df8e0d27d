package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.RequestOptions;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.faketon.FakeTonChain;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.payment.ChannelPayment;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.ClosedChannel;
import dev.silk.ton.wallet.TonWallet;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paid requests end to end on loopback: the fake-TON chain (checked against
 * {@code @ton/sandbox} in CI), a channel opened on it from the client's wallet with real
 * messages, a node in {@code ton-channel} mode reading the chain through TON Center's API, and a
 * client paying through {@link ChannelPaymentProvider}. Every receipt's cost adds up to the
 * node's ledger; every bad payment is refused with its code and charges nothing.
 */
class PaidChatTest {
  static final TonAmount DEPOSIT = PaidNode.DEPOSIT;

  private PaidNode paid;
  private LocalNode local;
  private PaymentChannelConfig channel;
  private TonCenterClient ton;
  private TonWallet clientWallet;
  private TonWallet nodeWallet;

  @BeforeEach
  void start() throws Exception {
    paid = PaidNode.start(b -> b);
    local = paid.local;
    channel = paid.channel;
    ton = paid.ton;
    clientWallet = paid.clientWallet;
    nodeWallet = paid.nodeWallet;
  }

  @AfterEach
  void stop() throws Exception {
    paid.close();
  }

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  private ChannelPaymentProvider provider() throws Exception {
    return paid.provider();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(64).build();
  }

  private long ledgerCharged() throws Exception {
    return paid.ledgerCharged();
  }

  @Test
  void paidRequestsAddUpToTheLedgerToTheNanoton() throws Exception {
    ChannelPaymentProvider pay = provider();
    ModelInfo echo = local.node.descriptor().descriptor().models().get(0);
    List<Receipt> receipts = new ArrayList<>();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      for (int i = 0; i < 4; i++) {
        ChatCompletion answer = client.chat().completions().create(ask("paid question number " + i));
        Receipt r = answer.receipt().receipt();
        assertThat(r.costNanoton()).isEqualTo(Pricing.charge(echo, r.promptTokens(), r.completionTokens(),
            Long.MAX_VALUE)).isPositive();
        assertThat(answer.cost().nanoton()).isEqualTo(r.costNanoton());
        receipts.add(r);
      }
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
          .createStreaming(ask("a streamed and paid answer"))) {
        while (stream.hasNext()) {
          stream.next();
        }
        receipts.add(stream.receipt().receipt());
      }
      List<CompletableFuture<ChatCompletion>> parallel = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        parallel.add(client.chat().completions().createAsync(ask("concurrent " + i)));
      }
      for (CompletableFuture<ChatCompletion> f : parallel) {
        receipts.add(f.get(20, TimeUnit.SECONDS).receipt().receipt());
      }
    }
    long sum = receipts.stream().mapToLong(Receipt::costNanoton).sum();
    // The client's exposure: what it ever signed beyond what it was charged is at most the credit
    // window plus k requests' maximum; and one state paid for many requests.
    long maxCost = Pricing.maxCost(echo, 200, 64L);
    long window = local.node.descriptor().descriptor().payment().maxCreditNanoton();
    assertThat(window).isEqualTo(TonChannelTerms.DEFAULT_MAX_CREDIT_NANOTON);
    assertThat(pay.record().lastSent().nanoton() - sum).isBetween(0L, window + 4 * maxCost);
    assertThat(pay.statesSigned()).as("states signed for %d requests", receipts.size()).isBetween(1L, 2L);
    long highest = receipts.stream().mapToLong(Receipt::cumulativeChargedNanoton).max().getAsLong();
    assertThat(highest).isEqualTo(sum);
    assertThat(ledgerCharged()).isEqualTo(sum);
    assertThat(pay.record().charged().nanoton()).isEqualTo(sum);
    assertThat(pay.record().lastSent()).as("the signed states cover the charges").isGreaterThanOrEqualTo(
        TonAmount.ofNanoton(sum));
    assertThat(receipts).allSatisfy(r -> assertThat(r.channel()).isEqualTo(ChannelPayment.channelReference(
        channel.address())));

    // Commit the newest state on chain: the contract records both seqnos; paying goes on.
    pay.commitCooperatively(local.node.baseUrl(), new OkHttpClient(), ton, clientWallet);
    List<dev.silk.ton.center.StackEntry> committed = ton.runGetMethod(channel.address(), "get_channel_data",
        java.util.Collections.emptyList()).stack().get(5).asElements();
    assertThat(committed.get(0).asNumber().longValue()).isEqualTo(pay.record().lastSeqno());
    assertThat(committed.get(1).asNumber().longValue()).isEqualTo(1);

    // Close cooperatively: sent_A is the sum of the receipts, and each side is paid to the nanoTON.
    TonAmount nodeBefore = ton.getAddressBalance(nodeWallet.address());
    ClosedChannel closed = pay.closeCooperatively(local.node.baseUrl(), local.node.descriptor().signingKey(),
        new OkHttpClient(), ton, clientWallet, Duration.ofSeconds(10));
    assertThat(closed.charged().nanoton()).isEqualTo(sum);
    assertThat(closed.balanceB().nanoton()).isEqualTo(sum);
    assertThat(closed.balanceA()).isEqualTo(DEPOSIT.minus(TonAmount.ofNanoton(sum)));
    assertThat(ton.getAddressBalance(nodeWallet.address()).minus(nodeBefore).nanoton())
        .as("the node's payout, less the fake chain's flat forwarding fee").isEqualTo(sum - FakeTonChain.FORWARD_FEE);
    assertThat(ChannelOpener.state(ton, channel)).isZero();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(pay).maxRetries(0))) {
      assertThatThrownBy(() -> client.chat().completions().create(ask("after the close")))
          .isInstanceOf(dev.silk.core.errors.SilkException.class);
    }
    assertThat(ledgerCharged()).isEqualTo(sum);
  }

  @Test
  void cancelledAsyncRequestsFreeTheirPaymentSlotsAndTheNextStateResyncs() throws Exception {
    ChannelPaymentProvider pay = provider();
    local.node.faults().slowDown(Duration.ofMillis(300));
    try (SilkClient client = local.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay).maxRetries(0))) {
      // More cancellations than the channel has slots (k = 4): each must give its slot back.
      for (int i = 0; i < 6; i++) {
        java.util.concurrent.CompletableFuture<ChatCompletion> f = client.chat().completions().createAsync(ask("cancel " + i));
        Thread.sleep(50);
        f.cancel(true);
      }
      local.node.faults().clear();
      Thread.sleep(1_000); // the node finishes what it took and records its charges
      ChatCompletion next = client.chat().completions().create(ask("after six cancels"));
      assertThat(next.receipt().receipt().cumulativeChargedNanoton()).isEqualTo(ledgerCharged());
      assertThat(pay.record().charged().nanoton()).isEqualTo(ledgerCharged());
    }
  }

  @Test
  void aPaidRequestThatTimesOutAfterReachingTheNodeSaysWhatItMayHaveCostAndTheNextResyncs() throws Exception {
    ChannelPaymentProvider pay = provider();
    StringBuilder longPrompt = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      longPrompt.append("word").append(i).append(' ');
    }
    try (SilkClient client = local.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay).maxRetries(0)
        .timeout(Duration.ofMillis(150)))) {
      // 200 echoed words at 2 ms each outlast the 150 ms timeout: the node has the request.
      ChatCompletionCreateParams slow = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user(longPrompt.toString())).maxTokens(400).build();
      assertThatThrownBy(() -> client.chat().completions().create(slow))
          .isInstanceOfSatisfying(dev.silk.core.errors.SilkTimeoutException.class, e -> {
            assertThat(e.amountAtRisk().nanoton()).isPositive();
            assertThat(e.getMessage()).contains("may have been charged");
          });
    }
    Thread.sleep(1_000); // the node finishes and records the abandoned request's charge
    try (SilkClient client = local.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay))) {
      long cost = client.chat().completions().create(ask("after the timeout")).receipt().receipt().costNanoton();
      assertThat(pay.record().charged().nanoton()).as("resynced: the timed-out charge and this one")
          .isEqualTo(ledgerCharged()).isGreaterThan(cost);
    }
  }

  @Test
  void theNodeRefusesToCountersignAWrongClose() throws Exception {
    ChannelPaymentProvider pay = provider();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      client.chat().completions().create(ask("one paid answer"));
    }
    long charged = ledgerCharged();
    byte[] ref = ChannelPayment.channelReference(channel.address());
    TonAmount greedyA = DEPOSIT;   // pretends nothing was charged
    byte[] sig = ChannelSigner.of(channel, Side.A, paid.clientKey).signCooperativeClose(greedyA, TonAmount.ZERO, 9, 1);
    byte[] body = java.nio.ByteBuffer.allocate(33 + 32 + 64).put(ref).putLong(greedyA.nanoton()).putLong(0)
        .putLong(9).putLong(1).put(sig).array();
    try (Response response = new OkHttpClient().newCall(new Request.Builder()
        .url(local.node.baseUrl() + "/v1/channel/close")
        .post(RequestBody.create(MediaType.get("application/octet-stream"), body)).build()).execute()) {
      assertThat(response.code()).isEqualTo(409);
    }
    assertThat(ledgerCharged()).isEqualTo(charged);
    assertThat(charged).isPositive();
  }

  @Test
  void aCancelledStreamIsChargedAndTheClientLearnsItFromTheChannelStatus() throws Exception {
    ChannelPaymentProvider pay = provider();
    StringBuilder longPrompt = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      longPrompt.append("word").append(i).append(' ');
    }
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
          .createStreaming(ChatCompletionCreateParams.builder().model("echo")
              .addMessage(ChatMessage.user(longPrompt.toString())).build())) {
        stream.next();
      }
      long deadline = System.currentTimeMillis() + 5_000;
      while (ledgerCharged() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      long cancelled = ledgerCharged();
      assertThat(cancelled).as("the abandoned stream was charged").isPositive();
      ChatCompletion next = client.chat().completions().create(ask("after the cancel"));
      assertThat(next.receipt().receipt().cumulativeChargedNanoton())
          .isEqualTo(cancelled + next.receipt().receipt().costNanoton());
      assertThat(pay.record().charged().nanoton()).isEqualTo(ledgerCharged());
    }
  }

  @Test
  void theLedgerSyncsEveryCommit() throws Exception {
    try (PaymentLedger ledger = PaymentLedger.open(local.dataDir)) {
      assertThat(ledger.durability()).isEqualTo("wal/2");
    }
  }

  @Test
  void aPaidNodeWithoutAProviderFailsBeforeSending() throws Exception {
    try (SilkClient client = local.client()) {
      assertThatThrownBy(() -> client.chat().completions().create(ask("free ride?")))
          .isInstanceOf(PaymentRequiredException.class).hasMessageContaining("PaymentProvider");
    }
    assertThat(ledgerCharged()).isZero();
  }

  @Test
  void theBudgetCapsPaidRequestsBeforeTheyLeave() throws Exception {
    Budget budget = Budget.of(SpendingCaps.builder().maxPerRequest(TonAmount.ofNanoton(1_000)).build());
    ChannelPaymentProvider pay = provider();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(pay).budget(budget))) {
      assertThatThrownBy(() -> client.chat().completions().create(ask("too expensive")))
          .isInstanceOf(dev.silk.core.errors.BudgetExceededException.class);
    }
    assertThat(ledgerCharged()).isZero();
  }

  // ---- bad payments, sent raw ----

  private ResponseReader raw(byte[] payment, int[] status) throws Exception {
    return paid.raw(payment, status);
  }

  private long maxCost() {
    return paid.maxCost();
  }

  private byte[] payment(PaymentChannelConfig config, TonSecretKey signer, long seqno, long sent, long maxCost) {
    return PaidNode.payment(config, signer, seqno, sent, maxCost);
  }

  @Test
  void everyBadPaymentIsRefusedWithItsCodeAndNothingIsCharged() throws Exception {
    long max = maxCost();
    int[] status = new int[1];

    ResponseReader ok = raw(payment(channel, paid.clientKey, 1, max, max), status);
    assertThat(status[0]).isEqualTo(200);
    long charged = ok.receipt().receipt().cumulativeChargedNanoton();
    assertThat(ledgerCharged()).isEqualTo(charged);

    ResponseReader forged = raw(payment(channel, TonSecretKey.generate(), 2, charged + max, max), status);
    assertThat(forged.nodeError().code()).isEqualTo(ErrorCode.BAD_SIGNATURE);

    ResponseReader replayed = raw(payment(channel, paid.clientKey, 1, charged + max, max), status);
    assertThat(replayed.nodeError().code()).isEqualTo(ErrorCode.REPLAY);

    ResponseReader lower = raw(payment(channel, paid.clientKey, 3, charged + max - 1, max), status);
    assertThat(status[0]).isEqualTo(402);
    assertThat(lower.paymentQuote().requiredCumulativeNanoton()).isEqualTo(charged + max);
    assertThat(lower.paymentQuote().lastSeqno()).isEqualTo(1);

    ResponseReader cheapMax = raw(payment(channel, paid.clientKey, 4, charged + max, max - 1), status);
    assertThat(status[0]).isEqualTo(402);
    assertThat(cheapMax.paymentQuote().maxCostNanoton()).isEqualTo(max);

    ResponseReader exhausted = raw(payment(channel, paid.clientKey, 5, DEPOSIT.nanoton() + 1, max), status);
    assertThat(status[0]).isEqualTo(402);
    assertThat(exhausted.paymentQuote()).isNotNull();

    PaymentChannelConfig unknown = PaymentChannelConfig.builder().channelId(BigInteger.TEN)
        .publicKeyA(paid.clientKey.publicKey()).publicKeyB(channel.publicKey(Side.B))
        .addressA(TonAddress.of(0, filled(1))).addressB(TonAddress.of(0, filled(2))).build();
    ResponseReader wrongChannel = raw(payment(unknown, paid.clientKey, 6, charged + max, max), status);
    assertThat(status[0]).isEqualTo(402);
    assertThat(wrongChannel.paymentQuote().channel()).isEmpty();

    ResponseReader malformed = raw(new byte[] {0, 1, 2, 3}, status);
    assertThat(malformed.nodeError().code()).isEqualTo(ErrorCode.MALFORMED);

    ResponseReader none = raw(new byte[0], status);
    assertThat(status[0]).isEqualTo(402);
    assertThat(none.paymentQuote()).isNotNull();

    assertThat(ledgerCharged()).as("nothing charged for any refusal").isEqualTo(charged);
  }

  @Test
  void anAlteredOrUnsignedQuoteIsNotActedOn() throws Exception {
    java.util.concurrent.atomic.AtomicInteger sealedPosts = new java.util.concurrent.atomic.AtomicInteger();
    OkHttpClient forging = new OkHttpClient.Builder().addInterceptor(c -> {
      Response response = c.proceed(c.request());
      if (!c.request().url().encodedPath().endsWith("/sealed/chat/completions")) {
        return response;
      }
      sealedPosts.incrementAndGet();
      response.close();
      return response.newBuilder().code(402).body(okhttp3.ResponseBody.create(
          MediaType.get("application/vnd.silk.chunk"), new byte[300])).build();
    }).build();
    ChannelPaymentProvider pay = provider();
    try (SilkClient client = local.client(forging, b -> b.paymentProvider(pay).maxRetries(3))) {
      assertThatThrownBy(() -> client.chat().completions().create(ask("x")))
          .isInstanceOfSatisfying(PaymentRequiredException.class, e -> assertThat(e.quote()).isEmpty());
    }
    assertThat(sealedPosts.get()).as("an unsigned 402 is not retried").isEqualTo(1);
    assertThat(pay.record().charged()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void aLowStateIsRaisedFromTheNodesQuoteWithinTheSignedPrices() throws Exception {
    ChannelPaymentProvider first = provider();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(first))) {
      client.chat().completions().create(ask("one"));
      client.chat().completions().create(ask("two"));
    }
    long charged = ledgerCharged();
    // A second client process on the same channel store: it resyncs from the signed status.
    ChannelPaymentProvider second = provider();
    try (SilkClient client = local.client(new OkHttpClient(), b -> b.paymentProvider(second))) {
      ChatCompletion answer = client.chat().completions().create(ask("three"), RequestOptions.defaults());
      assertThat(answer.receipt().receipt().cumulativeChargedNanoton())
          .isEqualTo(charged + answer.receipt().receipt().costNanoton());
    }
  }
}
