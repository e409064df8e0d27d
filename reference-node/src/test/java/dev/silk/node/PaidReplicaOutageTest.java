package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A paid replica whose shared ledger (a real PostgreSQL) crashes and restarts under a paying
 * load: requests during the outage get signed 503s, no answer is charged without its ledger row
 * nor served without its charge, and service resumes by itself.
 */
class PaidReplicaOutageTest {
  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  @Test
  void aLedgerRestartedUnderPaidLoadChargesNothingWithoutItsRow() throws Exception {
    Database db = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofMillis(500));
    try (PaidNode paid = PaidNode.start(b -> b.replicas(Replicas.builder().database(db).build()))) {
      Payer payer = Payer.of(paid.clientKey, paid.clientWallet, paid.channel, paid.provider());
      AtomicBoolean stop = new AtomicBoolean();
      java.util.Queue<String> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
      List<Thread> load = new ArrayList<>();
      try (dev.silk.core.SilkClient client = paid.local.client(new OkHttpClient(),
          c -> c.paymentProvider(payer.counting).maxRetries(40).timeout(Duration.ofSeconds(5)))) {
        for (int t = 0; t < 4; t++) {
          int thread = t;
          Thread worker = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
              try {
                ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addMessage(ChatMessage.user("outage " + thread + " " + i)).maxTokens(16).build());
                payer.held.add(answer.receipt());
              } catch (SilkException e) {
                failed.add(e.toString());
              }
            }
          });
          worker.start();
          load.add(worker);
        }
        Payer.awaitReceipts(java.util.Collections.singletonList(payer), 40);
        POSTGRES.cluster().crash();
        Thread.sleep(1000);
        POSTGRES.cluster().start();
        Payer.awaitReceipts(java.util.Collections.singletonList(payer), payer.held.size() + 40);
        stop.set(true);
        for (Thread worker : load) {
          worker.join(30_000);
        }
      }
      assertThat(NodeMetrics.sealedRequests(paid.local.node.baseUrl(), "rejected_storage"))
          .as("signed 503s during the outage").isPositive();
      assertThat(failed).as("calls that failed after every retry").isEmpty();
      try (PaymentLedger ledger = PaymentLedger.open(db, Duration.ofMinutes(1))) {
        payer.assertBooks(ledger, paid.ton);
      }
    }
  }
}
