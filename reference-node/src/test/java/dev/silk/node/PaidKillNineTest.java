package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.payment.FileChannelStore;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A paying load run against a node process that is killed with SIGKILL in the middle, then
 * restarted on its data directory: every receipt a client holds has its ledger row, nothing is
 * charged twice, and the client resyncs from the signed channel status and goes on paying.
 */
class PaidKillNineTest {
  private static final TonAmount DEPOSIT = TonAmount.ofTon("2");

  @Test
  void everyHeldReceiptIsInTheLedgerAfterKillNineAndTheClientResyncs() throws Exception {
    Path dir = Files.createTempDirectory("silk-paid-kill9");
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonWallet nodeWallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      NodeProcess node = startNode(dir, chain.tonCenterUrl(), nodeWallet);
      SignedDescriptor descriptor = descriptor(node.baseUrl);

      TonSecretKey clientKey = TonSecretKey.generate();
      TonWallet clientWallet = TonWallet.of(clientKey, WalletVersion.V5R1, Network.MAINNET);
      chain.chain().give(clientWallet.address().toRaw(), TonAmount.ofTon("3").nanoton());
      PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(4242))
          .publicKeyA(clientKey.publicKey()).publicKeyB(descriptor.descriptor().payment().counterpartyKey())
          .addressA(clientWallet.address()).addressB(nodeWallet.address()).build();
      ChannelOpener.open(ton, clientWallet, channel, ChannelSigner.of(channel, Side.A, clientKey), DEPOSIT,
          Duration.ofSeconds(10));
      ChannelPaymentProvider pay = ChannelPaymentProvider.builder().channel(channel).key(clientKey)
          .deposit(DEPOSIT).store(new FileChannelStore(dir.resolve("client"))).build();

      List<SignedReceipt> held = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      try (SilkClient client = client(node.baseUrl, pay)) {
        for (int t = 0; t < 4; t++) {
          int thread = t;
          Thread worker = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
              try {
                ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addMessage(ChatMessage.user("load " + thread + " " + i)).maxTokens(16).build());
                held.add(answer.receipt());
              } catch (RuntimeException expectedAfterTheKill) {
                if (stop.get() || !node.process.isAlive()) {
                  return;
                }
              }
            }
          });
          worker.start();
          load.add(worker);
        }
        long until = System.currentTimeMillis() + 10_000;
        while (held.size() < 40 && System.currentTimeMillis() < until) {
          Thread.sleep(20);
        }
        node.kill(); // SIGKILL while requests are in flight
        stop.set(true);
        for (Thread worker : load) {
          worker.join(10_000);
        }
      }
      assertThat(held).hasSizeGreaterThanOrEqualTo(40);

      NodeProcess restarted = startNode(dir, chain.tonCenterUrl(), nodeWallet);
      try {
        String url = restarted.baseUrl;
        long charged;
        try (PaymentLedger ledger = PaymentLedger.open(dir.resolve("data"))) {
          for (SignedReceipt r : held) {
            Optional<byte[]> row = ledger.receipt(r.receipt().requestId().toBytes());
            assertThat(row).as("ledger row of a receipt the client holds").isPresent();
            assertThat(row.get()).isEqualTo(r.toBytes());
          }
          charged = ledger.account(channel.address().toRaw()).get().charged;
          assertThat(ledger.sumOfCharges(channel.address().toRaw())).as("no double charge").isEqualTo(charged);
        }
        long heldSum = held.stream().mapToLong(r -> r.receipt().costNanoton()).sum();
        assertThat(charged).isGreaterThanOrEqualTo(heldSum);
        System.out.printf("paid kill -9: %d receipts held (%d nanoTON), ledger charged %d nanoTON%n", held.size(),
            heldSum, charged);

        try (SilkClient client = client(url, pay)) {
          ChatCompletion after = client.chat().completions().create(ChatCompletionCreateParams.builder()
              .model("echo").addMessage(ChatMessage.user("after the restart")).maxTokens(16).build());
          assertThat(after.receipt().receipt().cumulativeChargedNanoton())
              .isEqualTo(charged + after.receipt().receipt().costNanoton());
        }
        assertThat(pay.record().charged().nanoton()).isGreaterThanOrEqualTo(charged);
      } finally {
        restarted.kill();
      }
    } finally {
      LocalNode.deleteRecursively(dir);
    }
  }

  private static SilkClient client(String url, ChannelPaymentProvider pay) {
    return SilkClient.builder().baseUrl(url).attestationPolicy(LocalNode.DEV).paymentProvider(pay)
        .maxRetries(0).timeout(Duration.ofSeconds(5)).build();
  }

  private static NodeProcess startNode(Path dir, String tonCenterUrl, TonWallet payout) throws Exception {
    return NodeProcess.start(dir, "--echo-delay-ms", "3", "--payment", "ton-channel", "--ton-center-url", tonCenterUrl,
        "--payout-address", payout.address().toRaw(), "--prompt-price", "20000000", "--completion-price", "50000000",
        "--channel-max-in-flight", "4");
  }

  private static SignedDescriptor descriptor(String url) throws Exception {
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(url + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(LocalNode.DEV, Instant.now());
      return d;
    }
  }
}
