package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.payment.ChannelStatusRequest;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What spec-v1 §13.3–§13.5 promise on the wire, status and body, for the answers an implementer
 * working from the spec alone must get right: an empty payment, a closed channel, and a channel
 * status request that is stale, forged or for a channel the node does not know.
 */
class PaymentSpecTest {
  private PaidNode paid;

  @BeforeEach
  void start() throws Exception {
    paid = PaidNode.start(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    paid.close();
  }

  @Test
  void anEmptyPaymentOnAPaidNodeGets402WithAnEmptyChannelQuote() throws Exception {
    int[] status = new int[1];
    ResponseReader answer = paid.raw(new byte[0], status);
    assertThat(status[0]).isEqualTo(402);
    PaymentQuote quote = answer.paymentQuote();
    assertThat(quote.channel()).isEmpty();
    assertThat(quote.maxCostNanoton()).isEqualTo(paid.maxCost());
    assertThat(paid.ledgerCharged()).isZero();
  }

  @Test
  void aPaymentOnAChannelClosedCooperativelyGetsChannelClosed() throws Exception {
    long max = paid.maxCost();
    int[] status = new int[1];
    dev.silk.ton.payment.ChannelPaymentProvider pay = paid.provider();
    try (dev.silk.core.SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
      client.chat().completions().create(dev.silk.core.chat.ChatCompletionCreateParams.builder().model("echo")
          .addMessage(dev.silk.core.chat.ChatMessage.user("before the close")).build());
    }
    long charged = paid.ledgerCharged();
    pay.closeCooperatively(paid.local.node.baseUrl(), paid.local.node.descriptor().signingKey(),
        new OkHttpClient(), paid.ton, paid.clientWallet, java.time.Duration.ofSeconds(10));
    long next = pay.record().lastSeqno() + 1;
    ResponseReader after = paid.raw(paid.payment(next, pay.record().lastSent().nanoton() + max, max), status);
    assertThat(status[0]).isEqualTo(200);
    assertThat(after.paymentQuote()).isNull();
    assertThat(after.nodeError().code()).isEqualTo(ErrorCode.CHANNEL_CLOSED);
    assertThat(paid.ledgerCharged()).isEqualTo(charged);
  }

  @Test
  void channelStatusRequestsThatAreStaleForgedOrForAnUnknownChannelGet401WithASignedError() throws Exception {
    Instant now = Instant.now();
    assertThat(status(ChannelStatusRequest.sign(paid.channel.address(), now, paid.clientKey).toBytes()))
        .isEqualTo(200);
    assertRefused(ChannelStatusRequest.sign(paid.channel.address(), now.minusSeconds(301), paid.clientKey),
        ErrorCode.STALE_REQUEST);
    assertRefused(ChannelStatusRequest.sign(paid.channel.address(), now.plusSeconds(301), paid.clientKey),
        ErrorCode.STALE_REQUEST);
    assertRefused(ChannelStatusRequest.sign(paid.channel.address(), now, TonSecretKey.generate()),
        ErrorCode.BAD_SIGNATURE);
    assertRefused(ChannelStatusRequest.sign(paid.clientWallet.address(), now, paid.clientKey),
        ErrorCode.BAD_SIGNATURE);
    assertThat(status(new byte[10])).isEqualTo(400);
  }

  private void assertRefused(ChannelStatusRequest request, ErrorCode code) throws Exception {
    byte[][] body = new byte[1][];
    assertThat(status(request.toBytes(), body)).as(code.wireName()).isEqualTo(401);
    NodeError error = NodeError.parse(body[0]).verify(paid.local.node.descriptor().signingKey());
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.concerns(dev.silk.crypto.RequestId.fromBytes(new byte[16]))).as("all-zero request id").isTrue();
  }

  private int status(byte[] request) throws Exception {
    return status(request, new byte[1][]);
  }

  private int status(byte[] request, byte[][] body) throws Exception {
    try (Response response = new OkHttpClient().newCall(new Request.Builder()
        .url(paid.local.node.baseUrl() + "/v1/channel/status")
        .post(RequestBody.create(MediaType.get("application/octet-stream"), request)).build()).execute()) {
      body[0] = response.body().bytes();
      return response.code();
    }
  }
}
