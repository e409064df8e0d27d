package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.payment.Pricing;
import dev.silk.faketon.FakeTonChain;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresCluster;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.payment.ClosedChannel;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Three paid replicas of one node (separate processes, the same keys) behind a round-robin
 * balancer, sharing one ledger in a real PostgreSQL, with sixteen paying clients on eight channels;
 * one replica is killed with SIGKILL mid-load. Then: every receipt a client holds has its ledger
 * row and the books of every channel add up; the same payment state sent to two replicas at once
 * is charged once; an answered envelope is refused by every replica; and closing each channel
 * pays the node exactly what the shared ledger charged.
 */
class PaidFleetTest {
  private static final TonAmount DEPOSIT = TonAmount.ofTon("2");
  private static final int CHANNELS = 8;
  private static final int THREADS_PER_CHANNEL = 2;
  private static final byte[] BODY = PaidNode.BODY;

  @Test
  void payingClientsOnThreeReplicasAreChargedOnceAndLoseNothing() throws Exception {
    Path dir = Files.createTempDirectory("silk-paid-fleet");
    try (PostgresCluster cluster = PostgresCluster.startOrSkip(); FakeTonServer chain = FakeTonServer.start(0)) {
      Database db = cluster.newDatabase();
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonWallet nodeWallet = TonWallet.of(dev.silk.ton.TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      try (FleetProcesses fleet = FleetProcesses.start(3, db, "--echo-delay-ms", "3", "--payment", "ton-channel",
          "--ton-center-url", chain.tonCenterUrl(), "--payout-address", nodeWallet.address().toRaw(),
          "--prompt-price", "20000000", "--completion-price", "50000000", "--channel-max-in-flight", "4",
          "--request-timeout-s", "3")) {
        SignedDescriptor descriptor = Payer.descriptor(fleet.replica(0).baseUrl);
        List<Payer> payers = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
          Payer payer = Payer.open(chain, ton, descriptor, nodeWallet, BigInteger.valueOf(5151 + c), DEPOSIT,
              dir.resolve("client-" + c));
          // No idle connection kept: every call opens one, so the balancer spreads calls over replicas.
          payer.client = SilkClient.builder().baseUrl(fleet.balancerUrl()).attestationPolicy(LocalNode.DEV)
              .okHttpClient(new OkHttpClient.Builder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                  .build())
              .paymentProvider(payer.counting).maxRetries(6).retryBackoff(Duration.ofMillis(50))
              .timeout(Duration.ofSeconds(5)).build();
          payers.add(payer);
        }

        Payer.Load load = Payer.Load.start(payers, THREADS_PER_CHANNEL, "fleet");
        Payer.awaitReceipts(payers, 150);
        fleet.replica(1).kill(); // SIGKILL with requests in flight
        Payer.awaitReceipts(payers, payers.stream().mapToInt(p -> p.held.size()).sum() + 150);
        load.close();
        for (Payer p : payers) {
          p.client.close();
        }

        Payer racer = Payer.open(chain, ton, descriptor, nodeWallet, BigInteger.valueOf(5999), DEPOSIT,
            dir.resolve("racer"));
        String[] survivors = {fleet.replica(0).baseUrl, fleet.replica(2).baseUrl};
        long max = Pricing.maxCost(descriptor.descriptor().models().get(0), BODY.length, 64L);
        int rounds = 12;
        SealedRequest lastServed = null;
        long racerReceipts = 0;
        long total = 0;
        try (PaymentLedger ledger = PaymentLedger.open(db, Duration.ofMinutes(1))) {
          ExecutorService two = Executors.newFixedThreadPool(2);
          try {
            for (int round = 1; round <= rounds; round++) {
              long charged = ledger.account(racer.channel.address().toRaw()).map(a -> a.charged).orElse(0L);
              // A state that covers one more request, sent at once to two replicas as two requests.
              byte[] payment = PaidNode.payment(racer.channel, racer.key, round, charged + max, max);
              List<SealedRequest> sealed = new ArrayList<>();
              List<Future<ResponseReader>> answers = new ArrayList<>();
              for (String replica : survivors) {
                SealedRequest request = RequestSealer.seal(RequestPayload.builder().model("echo").body(BODY)
                    .payment(payment).build(), descriptor.recipient());
                sealed.add(request);
                answers.add(two.submit(send(replica, descriptor, request)));
              }
              int served = 0;
              for (int i = 0; i < 2; i++) {
                ResponseReader answer = answers.get(i).get(30, TimeUnit.SECONDS);
                if (PaidNode.served(answer)) {
                  served++;
                  lastServed = sealed.get(i);
                  racerReceipts += answer.receipt().receipt().costNanoton();
                } else {
                  assertThat(answer.paymentQuote()).as("round %d: the other is quoted", round).isNotNull();
                }
              }
              assertThat(served).as("round %d: one state that covers one request, two replicas", round).isEqualTo(1);
            }
          } finally {
            two.shutdownNow();
          }
          long racerCharged = ledger.account(racer.channel.address().toRaw()).get().charged;
          for (String replica : survivors) {
            ResponseReader again = send(replica, descriptor, lastServed).call();
            assertThat(again.nodeError()).as("an answered envelope, replayed to %s", replica).isNotNull();
            assertThat(again.nodeError().code()).isEqualTo(ErrorCode.REPLAY);
          }
          assertThat(ledger.account(racer.channel.address().toRaw()).get().charged).as("the replays charged nothing")
              .isEqualTo(racerCharged);
          assertThat(racerCharged).as("one charge per round, each its receipt's cost").isEqualTo(racerReceipts);

          for (Payer p : payers) {
            total += p.assertBooks(ledger, ton);
          }
        }

        // The operator's view of the shared ledger: every channel, every charge with its receipt.
        long charges = payers.stream().mapToLong(p -> p.held.size()).sum() + rounds;
        String[] totals = LedgerCommandTest.run("ledger", "--database-url", db.jdbcUrl(), "--database-user", db.user());
        assertThat(totals[0]).isEqualTo("0");
        assertThat(totals[1]).contains((CHANNELS + 1) + " channels, " + (total + racerReceipts)
            + " nanoTON charged in all");
        String[] export = LedgerCommandTest.run("ledger", "--export", "--database-url", db.jdbcUrl(),
            "--database-user", db.user());
        assertThat(export[0]).isEqualTo("0");
        List<String> exported = java.util.Arrays.asList(export[1].trim().split("\n"));
        assertThat((long) exported.size()).as("one line per charge; a few answers never reached their client")
            .isGreaterThanOrEqualTo(charges);
        for (Payer p : payers) {
          synchronized (p.held) {
            for (dev.silk.crypto.receipt.SignedReceipt r : p.held) {
              assertThat(exported).anyMatch(line -> line.contains(r.receipt().requestId().toHex()));
            }
          }
        }

        // The chain's view: closing each channel pays the node exactly what the shared ledger
        // charged (a channel whose requests died with replica 1 waits for their lease to end).
        TonAmount before = ton.getAddressBalance(nodeWallet.address());
        long closedTotal = 0;
        for (Payer p : payers) {
          closedTotal += closeWhenNothingInFlight(p, fleet.balancerUrl(), descriptor, ton).balanceB().nanoton();
        }
        assertThat(closedTotal).isEqualTo(total);
        assertThat(ton.getAddressBalance(nodeWallet.address()).minus(before).nanoton())
            .as("paid out on chain, less the fake chain's flat forwarding fee per close")
            .isEqualTo(total - CHANNELS * FakeTonChain.FORWARD_FEE);
      }
    } finally {
      LocalNode.deleteRecursively(dir);
    }
  }

  private static ClosedChannel closeWhenNothingInFlight(Payer p, String url, SignedDescriptor descriptor,
      TonCenterClient ton) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        return p.pay.closeCooperatively(url, descriptor.signingKey(), new OkHttpClient(), ton, p.wallet,
            Duration.ofSeconds(10));
      } catch (RuntimeException refused) {
        if (System.currentTimeMillis() > until) {
          throw refused;
        }
        Thread.sleep(500);
      }
    }
  }

  /** Posts {@code request}'s envelope to {@code url} and reads the answer under the descriptor's key. */
  private static Callable<ResponseReader> send(String url, SignedDescriptor d, SealedRequest request) {
    return () -> {
      try (Response response = new OkHttpClient().newCall(new Request.Builder()
          .url(url + "/v1/sealed/chat/completions")
          .post(RequestBody.create(MediaType.get("application/vnd.silk.envelope"), request.envelope())).build())
          .execute()) {
        ResponseReader reader = request.responseReader(d.signingKey());
        reader.read(response.body().bytes());
        return reader;
      }
    };
  }
}
