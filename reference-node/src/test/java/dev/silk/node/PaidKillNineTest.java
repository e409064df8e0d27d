package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.faketon.FakeTonChain;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.payment.ClosedChannel;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
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
      SignedDescriptor descriptor = Payer.descriptor(node.baseUrl);

      List<Payer> payers = new ArrayList<>();
      for (int c = 0; c < CHANNELS; c++) {
        Payer payer = Payer.open(chain, ton, descriptor, nodeWallet, BigInteger.valueOf(4242 + c), DEPOSIT,
            dir.resolve("client-" + c));
        payer.client = client(node.baseUrl, payer.counting);
        payers.add(payer);
      }

      Payer.Load load = Payer.Load.start(payers, THREADS_PER_CHANNEL, "load");
      for (int kill = 0; kill < 2; kill++) {
        int target = payers.stream().mapToInt(p -> p.held.size()).sum() + 60;
        Payer.awaitReceipts(payers, target);
        node.kill(); // SIGKILL while requests are in flight
        node = startNode(dir, port, chain.tonCenterUrl(), nodeWallet);
      }
      Payer.awaitReceipts(payers, payers.stream().mapToInt(p -> p.held.size()).sum() + 30);
      load.close();
      for (Payer p : payers) {
        p.client.close();
      }
      node.kill(); // the ledger is read as the last kill left it

      long total = 0;
      try (PaymentLedger ledger = PaymentLedger.open(dir.resolve("data"))) {
        for (Payer p : payers) {
          total += p.assertBooks(ledger, ton);
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

  private static SilkClient client(String url, dev.silk.core.payment.PaymentProvider pay) {
    return SilkClient.builder().baseUrl(url).attestationPolicy(LocalNode.DEV).paymentProvider(pay)
        .maxRetries(5).retryBackoff(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5)).build();
  }

  private static NodeProcess startNode(Path dir, int port, String tonCenterUrl, TonWallet payout) throws Exception {
    return NodeProcess.start(dir, port, "--echo-delay-ms", "3", "--payment", "ton-channel", "--ton-center-url",
        tonCenterUrl, "--payout-address", payout.address().toRaw(), "--prompt-price", "20000000",
        "--completion-price", "50000000", "--channel-max-in-flight", "4");
  }


}
