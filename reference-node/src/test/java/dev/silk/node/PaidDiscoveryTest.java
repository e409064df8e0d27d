package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.signature.NodeId;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Paying through discovery: three paid nodes on the fake-TON chain, a client whose deposit cap
 * allows two channels. It opens exactly two, sends nothing to the third, and on each channel the
 * node's ledger equals the sum of the receipts the client holds (no request paid twice).
 */
class PaidDiscoveryTest {
  private static final TonAmount DEPOSIT = TonAmount.ofTon("1");

  @Test
  void aDiscoveryClientOpensChannelsWithinItsDepositCapAndPaysEachRequestOnce() throws Exception {
    Path dir = Files.createTempDirectory("silk-paid-discovery");
    List<LocalNode> nodes = new ArrayList<>();
    try (FakeTonServer chain = FakeTonServer.start(0);
        LocalNode registry = new LocalNode(b -> b.registry(Duration.ofMinutes(3)))) {
      for (int i = 0; i < 3; i++) {
        TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
        nodes.add(new LocalNode(b -> b.echoDelay(Duration.ofMillis(2))
            .tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(), null, payout.address(), 20_000_000, 50_000_000,
                TonAmount.ofTon("0.1"), 4))
            .announce(Collections.singletonList(registry.node.baseUrl()), null, Duration.ofSeconds(1))));
      }
      TonSecretKey key = TonSecretKey.generate();
      TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
      chain.chain().give(wallet.address().toRaw(), TonAmount.ofTon("10").nanoton());
      NodeChannels pay = NodeChannels.builder()
          .ton(TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build())
          .wallet(wallet, key)
          .depositPerChannel(DEPOSIT)
          .maxDepositLocked(TonAmount.ofTon("2"))
          .store(new FileChannelStore(dir.resolve("channels")))
          .openTimeout(Duration.ofSeconds(20))
          .build();
      Registries.awaitListed(registry.node.baseUrl(), 3);

      Map<NodeId, Long> receiptsByNode = new ConcurrentHashMap<>();
      try (SilkClient client = SilkClient.builder()
          .discovery(NodeSource.registry(registry.node.baseUrl(), registry.node.registryKey().get()))
          .attestationPolicy(LocalNode.DEV).paymentProvider(pay).timeout(Duration.ofSeconds(30)).build()) {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
          int thread = t;
          Thread worker = new Thread(() -> {
            for (int i = 0; i < 15; i++) {
              try {
                ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addMessage(ChatMessage.user("paid " + thread + "/" + i)).maxTokens(16).build());
                assertThat(answer.receipt().receipt().costNanoton()).isPositive();
                receiptsByNode.merge(answer.receipt().receipt().nodeId(), answer.receipt().receipt().costNanoton(),
                    Long::sum);
              } catch (Throwable e) {
                errors.add(e);
              }
            }
          });
          worker.start();
          threads.add(worker);
        }
        for (Thread worker : threads) {
          worker.join(60_000);
        }
        assertThat(errors).isEmpty();
      }

      assertThat(pay.channelCount()).as("channels opened within a cap of two deposits").isEqualTo(2);
      int unpaid = 0;
      for (LocalNode n : nodes) {
        NodeId id = n.node.descriptor().nodeId();
        Optional<ChannelPaymentProvider> channel = pay.channelWith(n.node.descriptor().descriptor().payment()
            .counterpartyKey());
        if (!channel.isPresent()) {
          unpaid++;
          assertThat(receiptsByNode).as("no answer from the node without a channel").doesNotContainKey(id);
          continue;
        }
        long charged;
        try (PaymentLedger ledger = PaymentLedger.open(n.dataDir)) {
          charged = ledger.account(channel.get().channel().toRaw()).map(a -> a.charged).orElse(0L);
        }
        assertThat(charged).as("node ledger = sum of the receipts the client holds")
            .isEqualTo(receiptsByNode.getOrDefault(id, 0L));
        assertThat(channel.get().record().charged().nanoton()).isEqualTo(charged);
      }
      assertThat(unpaid).isEqualTo(1);
      assertThat(receiptsByNode.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    } finally {
      for (LocalNode n : nodes) {
        n.close();
      }
      LocalNode.deleteRecursively(dir);
    }
  }
}
