package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.payment.remote.RemotePaymentProvider;
import dev.silk.core.payment.remote.RemotePaymentService;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.payment.TonChannelTerms;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.payment.NodeChannels;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An app that holds no wallet (it links only sdk-core) pays through its backend: the backend
 * holds the wallet and the channels (sdk-ton) behind RemotePaymentService, the app's
 * RemotePaymentProvider asks it for each state. Charges match to the nanoTON; after a lost
 * answer the app relays the node's signed status to the backend; a caller the backend does not
 * know gets nothing.
 */
class RemotePaymentTest {
  private static final String SESSION = "Bearer app-session-of-a-known-user";

  @Test
  void anAppWithoutAWalletPaysThroughItsBackend() throws Exception {
    Path dir = Files.createTempDirectory("silk-remote-pay");
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      try (LocalNode node = new LocalNode(b -> b.tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(), null,
          payout.address(), 20_000_000, 50_000_000, TonAmount.ofTon("0.1"), 4)))) {
        // The backend: wallet, channels, and the remote payment API behind its own authentication.
        TonSecretKey key = TonSecretKey.generate();
        TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
        chain.chain().give(wallet.address().toRaw(), TonAmount.ofTon("3").nanoton());
        NodeChannels channels = NodeChannels.builder().ton(TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build())
            .wallet(wallet, key).depositPerChannel(TonAmount.ofTon("1")).maxDepositLocked(TonAmount.ofTon("1"))
            .store(new FileChannelStore(dir.resolve("backend-channels"))).openTimeout(Duration.ofSeconds(20)).build();
        RemotePaymentService service = new RemotePaymentService(channels);
        AtomicInteger statusRelays = new AtomicInteger();
        backend.createContext("/silk/payments/", exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            if (!SESSION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            String operation = exchange.getRequestURI().getPath().substring("/silk/payments/".length());
            RemotePaymentService.Reply reply = service.handle(operation, body);
            if (reply.status == 409) {
              statusRelays.incrementAndGet();
            }
            exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
            if (reply.body.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body);
              }
            }
          }
        });
        backend.start();
        String api = "http://127.0.0.1:" + backend.getAddress().getPort() + "/silk/payments";

        // The app: sdk-core only.
        RemotePaymentProvider pay = RemotePaymentProvider.builder().backend(api).header("Authorization", () -> SESSION)
            .build();
        long paid = 0;
        try (SilkClient app = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay))) {
          for (int i = 0; i < 5; i++) {
            paid += app.chat().completions().create(ask("paid by my backend " + i)).receipt().receipt().costNanoton();
          }
        }
        // A lost answer: the app's request times out after the node took it.
        node.node.faults().slowDown(Duration.ofMillis(600));
        try (SilkClient impatient = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay)
            .timeout(Duration.ofMillis(200)).maxRetries(0))) {
          assertThatThrownBy(() -> impatient.chat().completions().create(ask("lost"))).isInstanceOf(SilkTimeoutException.class);
        }
        node.node.faults().clear();
        Thread.sleep(1_000);
        try (SilkClient app = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(pay))) {
          paid += app.chat().completions().create(ask("after the lost one")).receipt().receipt().costNanoton();
        }
        // The channel provider resyncs at its first use and after the lost answer; each time the
        // backend asked for the node's signed status and the app relayed it.
        assertThat(statusRelays.get()).isEqualTo(2);

        ChannelPaymentProvider channel = channels.channelWith(node.node.descriptor().descriptor().payment()
            .counterpartyKey()).get();
        long ledger;
        try (PaymentLedger l = PaymentLedger.open(node.dataDir)) {
          ledger = l.account(channel.channel().toRaw()).get().charged;
        }
        assertThat(channel.record().charged().nanoton()).as("the backend's books = the node's ledger").isEqualTo(ledger);
        assertThat(ledger).as("what the app's answers cost, plus the lost one").isGreaterThan(paid);

        // A caller the backend does not know gets no payment, and the node answers nothing unpaid.
        RemotePaymentProvider stranger = RemotePaymentProvider.builder().backend(api).header("Authorization", () -> "nope")
            .build();
        try (SilkClient intruder = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(stranger))) {
          assertThatThrownBy(() -> intruder.chat().completions().create(ask("free ride?")))
              .isInstanceOfSatisfying(PaymentRequiredException.class,
                  e -> assertThat(e.code()).isEqualTo("payment_backend_refused"));
        }
      }
    } finally {
      backend.stop(0);
      LocalNode.deleteRecursively(dir);
    }
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(16).build();
  }
}
