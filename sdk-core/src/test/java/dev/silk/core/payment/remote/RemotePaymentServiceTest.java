package dev.silk.core.payment.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend's end refuses malformed or forged calls with a status, and tells its provider the truth. */
class RemotePaymentServiceTest {
  private final SigningPrivateKey node = SigningPrivateKey.generate();
  private final List<String> heard = new ArrayList<>();
  private boolean refuse;

  private final PaymentProvider provider = new PaymentProvider() {
    @Override
    public PaymentAuthorization authorize(PaymentRequest request) {
      if (refuse) {
        throw new BudgetExceededException("over the cap");
      }
      heard.add("authorize " + request.maxCost().nanoton());
      return PaymentAuthorization.of(new byte[] {1, 2, 3}, request.maxCost(), 7);
    }

    @Override
    public void settled(PaymentAuthorization authorization, SignedReceipt receipt) {
      heard.add("settled");
    }

    @Override
    public void quoted(PaymentAuthorization authorization, PaymentQuote quote) {
      heard.add("quoted");
    }

    @Override
    public void released(PaymentAuthorization authorization, boolean mayHaveReachedNode) {
      heard.add("released " + mayHaveReachedNode);
    }
  };

  private final RemotePaymentService service = new RemotePaymentService(provider);

  private byte[] authorize() {
    return ("{\"node_key\":\"" + Hex.encode(node.publicKey().toBytes()) + "\",\"scheme\":\"ton-channel\","
        + "\"counterparty_key\":\"" + Hex.encode(new byte[32]) + "\",\"address\":\"EQ\",\"min_deposit_nanoton\":0,"
        + "\"max_in_flight\":4,\"model\":\"echo\",\"backend\":\"echo\",\"prompt_nanoton_per_1k\":1000,"
        + "\"completion_nanoton_per_1k\":2000,\"max_completion_tokens\":64,\"max_cost_nanoton\":5000}").getBytes(UTF_8);
  }

  @Test
  void authorizesThroughTheProviderAndAnswersWithAHandle() throws Exception {
    RemotePaymentService.Reply reply = service.handle("authorize", authorize());

    assertThat(reply.status).isEqualTo(200);
    RemotePaymentMessages.Authorized out = RemotePaymentMessages.read(RemotePaymentMessages.Authorized.class, reply.body);
    assertThat(Base64.getDecoder().decode(out.payment)).containsExactly(1, 2, 3);
    assertThat(out.maxCostNanoton).isEqualTo(5000);
    assertThat(heard).containsExactly("authorize 5000");
  }

  @Test
  void malformedUnknownOrRefusedCallsGetAStatusNotAnException() {
    assertThat(service.handle("withdraw", authorize()).status).isEqualTo(404);
    assertThat(service.handle("authorize", "{not json".getBytes(UTF_8)).status).isEqualTo(400);
    assertThat(service.handle("settled", "{\"handle\":99,\"receipt\":\"AA==\"}".getBytes(UTF_8)).status)
        .isEqualTo(404);
    refuse = true;
    RemotePaymentService.Reply refused = service.handle("authorize", authorize());
    assertThat(refused.status).isEqualTo(402);
    assertThat(new String(refused.body, UTF_8)).contains("budget_exceeded");
  }

  @Test
  void aForgedReceiptIsRefusedAndTheAttemptCountsAsLost() throws Exception {
    RemotePaymentMessages.Authorized out = RemotePaymentMessages.read(RemotePaymentMessages.Authorized.class,
        service.handle("authorize", authorize()).body);
    String garbage = Base64.getEncoder().encodeToString(new byte[] {2, 0, 0, 0, 1, 9});

    RemotePaymentService.Reply reply = service.handle("settled",
        ("{\"handle\":" + out.handle + ",\"receipt\":\"" + garbage + "\"}").getBytes(UTF_8));
    assertThat(reply.status).isEqualTo(400);
    assertThat(heard).containsExactly("authorize 5000", "released true");
    // The handle is used up: a second report is unknown.
    assertThat(service.handle("released", ("{\"handle\":" + out.handle + "}").getBytes(UTF_8)).status).isEqualTo(404);
  }
}
