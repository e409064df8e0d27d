package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.payment.Pricing;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPayment;
import dev.silk.ton.payment.ChannelPaymentProvider;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credit windows (spec-v1 §13.1) against a real paid node on the fake chain: one signed state pays
 * for many requests, a node that takes more than its receipts allow is caught on its next receipt
 * and gets at most the window, and a client that dies between signing and sending never signs one
 * seqno with two amounts.
 */
class CreditWindowTest {
  private PaidNode paid;

  @BeforeEach
  void start() throws Exception {
    paid = PaidNode.start(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    paid.close();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(64).build();
  }

  private long window() {
    return paid.local.node.descriptor().descriptor().payment().maxCreditNanoton();
  }

  @Test
  void oneStatePaysForManyRequestsAndTheNodeVerifiesItOnce() throws Exception {
    ChannelPaymentProvider pay = paid.provider();
    long fair = 0;
    try (SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      for (int i = 0; i < 40; i++) {
        fair += client.chat().completions().create(ask("question " + i)).receipt().receipt().costNanoton();
      }
    }
    // Each answer costs a few million nanoTON here, so a 0.1 TON window (new state under half of it) lasts
    // about ten of them.
    assertThat(window()).isEqualTo(TonChannelTerms.DEFAULT_MAX_CREDIT_NANOTON);
    long states = pay.statesSigned();
    assertThat(states).as("states signed for 40 requests").isLessThanOrEqualTo(fair / (window() / 2) + 2)
        .isLessThan(10);
    assertThat(acceptedStates()).as("states the node accepted (each verified once)").isEqualTo(states);
    assertThat(paid.ledgerCharged()).isEqualTo(fair);
    assertThat(pay.record().lastSent().nanoton() - fair).isBetween(0L, window() + 4 * paid.maxCost());
  }

  @Test
  void aNodeThatTakesMoreThanItsReceiptsSayIsCaughtOnTheNextReceiptAndGetsAtMostTheWindow() throws Exception {
    ChannelPaymentProvider pay = paid.provider();
    try (SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay).maxRetries(0))) {
      long fair = 0;
      for (int i = 0; i < 3; i++) {
        fair += client.chat().completions().create(ask("honest " + i)).receipt().receipt().costNanoton();
      }
      paid.local.node.faults().inject(InjectedFault.OVERCHARGE);
      assertThatThrownBy(() -> client.chat().completions().create(ask("overcharged")))
          .isInstanceOf(VerificationException.class).hasMessageContaining("past the");
      long taken = paid.ledgerCharged();
      paid.local.node.faults().clear();
      assertThatThrownBy(() -> client.chat().completions().create(ask("after the catch")))
          .isInstanceOf(VerificationException.class).hasMessageContaining("no longer pays");
      assertThat(paid.ledgerCharged()).as("nothing more reached the node").isEqualTo(taken);
      // Beyond the fair charges the node got at most the window plus the k maxima in flight:
      // that is what the client had signed.
      assertThat(taken - fair).isPositive().isLessThanOrEqualTo(window() + 4 * paid.maxCost());
      assertThat(pay.record().lastSent().nanoton() - fair).isLessThanOrEqualTo(window() + 4 * paid.maxCost());
    }
  }

  @Test
  void aClientThatDiesBetweenSigningAndSendingNeverSignsASeqnoTwice() throws Exception {
    ModelInfo echo = paid.local.node.descriptor().descriptor().models().get(0);
    PaymentTerms terms = paid.local.node.descriptor().descriptor().payment();
    Map<Long, Long> signed = new HashMap<>();
    for (int life = 0; life < 5; life++) {
      // Each life signs a state and dies before it leaves (nothing released, nothing sent); the next
      // starts from the same durable store, as a process started after kill -9 would.
      ChannelPaymentProvider pay = paid.provider();
      PaymentRequest request = new PaymentRequest(paid.local.node.descriptor().signingKey(), terms, echo,
          TonAmount.ofNanoton(Pricing.maxCost(echo, PaidNode.BODY.length, 64L)),
          this::channelStatus);
      PaymentAuthorization a = pay.authorize(request);
      ChannelPayment state = ChannelPayment.parse(a.payment());
      long seqno = state.state().seqno(Side.A);
      long sent = state.state().sent(Side.A).nanoton();
      assertThat(signed).as("life %d signed seqno %d before", life, seqno).doesNotContainKey(seqno);
      assertThat(signed.values()).allSatisfy(earlier -> assertThat(sent).isGreaterThanOrEqualTo(earlier));
      signed.put(seqno, sent);
    }
    // The node takes the newest of them.
    ChannelPaymentProvider pay = paid.provider();
    try (SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      assertThat(client.chat().completions().create(ask("after five deaths")).receipt().receipt().paymentSeqno())
          .isGreaterThan(signed.keySet().stream().mapToLong(Long::longValue).max().getAsLong());
    }
  }

  /** The node's signed channel status, verified, as SilkClient fetches it. */
  private dev.silk.crypto.payment.ChannelStatus channelStatus(byte[] signedRequest) {
    try (okhttp3.Response response = new OkHttpClient().newCall(new okhttp3.Request.Builder()
        .url(paid.local.node.baseUrl() + "/v1/channel/status")
        .post(okhttp3.RequestBody.create(okhttp3.MediaType.get("application/octet-stream"), signedRequest)).build())
        .execute()) {
      assertThat(response.code()).isEqualTo(200);
      return dev.silk.crypto.payment.ChannelStatus.parse(response.body().bytes())
          .verify(paid.local.node.descriptor().signingKey());
    } catch (java.io.IOException | dev.silk.crypto.SilkCryptoException e) {
      throw new AssertionError(e);
    }
  }

  private long acceptedStates() throws Exception {
    try (dev.silk.node.payment.PaymentLedger ledger = dev.silk.node.payment.PaymentLedger.open(paid.local.dataDir)) {
      return ledger.statesAfter(paid.channel.address().toRaw(), 0).size();
    }
  }
}
