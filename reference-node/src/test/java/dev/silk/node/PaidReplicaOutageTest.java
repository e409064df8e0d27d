package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresExtension;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A paid replica whose shared ledger (a real PostgreSQL) crashes and restarts under a paying
 * load: requests during the outage get signed 503s that clients retry, no answer is served
 * without its charge's row, a charge whose commit's outcome is unknown is reported as such (and
 * counted at risk by the client, never as "nothing charged"), and service resumes by itself.
 */
class PaidReplicaOutageTest {
  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  @Test
  void aLedgerRestartedUnderPaidLoadChargesNothingWithoutItsRow() throws Exception {
    Database db = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofMillis(500));
    try (PaidNode paid = PaidNode.start(b -> b.replicas(Replicas.builder().database(db).build()))) {
      Payer payer = Payer.of(paid.clientKey, paid.clientWallet, paid.channel, paid.provider());
      Payer.Load load;
      try (dev.silk.core.SilkClient client = paid.local.client(new OkHttpClient(),
          c -> c.paymentProvider(payer.counting).maxRetries(40).timeout(Duration.ofSeconds(5)))) {
        payer.client = client;
        load = Payer.Load.start(java.util.Collections.singletonList(payer), 4, "outage");
        Payer.awaitReceipts(java.util.Collections.singletonList(payer), 40);
        POSTGRES.cluster().crash();
        Thread.sleep(1000);
        POSTGRES.cluster().start();
        Payer.awaitReceipts(java.util.Collections.singletonList(payer), payer.held.size() + 40);
        load.close();
      }
      assertThat(NodeMetrics.sealedRequests(paid.local.node.baseUrl(), "rejected_storage"))
          .as("signed 503s during the outage").isPositive();
      // A call fails only when the ledger lost its connection during the charge's own commit: the
      // node cannot know whether it charged, says so, and the client counts the attempt at risk.
      assertThat(load.failures).as("calls that failed after every retry")
          .allMatch(failure -> failure.contains("charge outcome unknown"));
      try (PaymentLedger ledger = PaymentLedger.open(db, Duration.ofMinutes(1))) {
        payer.assertBooks(ledger, paid.ton);
      }
    }
  }
}
