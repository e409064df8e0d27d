package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.payment.TonAmount;
import dev.silk.faketon.FakeTonServer;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.node.payment.TonChannelTerms;
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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Settling on chain by threshold (issue "Pay per request in TON"): past the node's commit
 * threshold, payments wait for a cooperative commit; a provider with a wallet for settlement
 * commits on chain by itself and goes on, one without gets {@code commit_required}.
 */
class CommitThresholdTest {
  private static final long THRESHOLD = 1_000_000; // about three requests here (about 350,000 nanoTON each)

  /**
   * Without a credit window (W = 0) every request carries a new state, so the charges not secured
   * by the last commit grow with every request; with one, a commit secures everything charged
   * against the committed state, and the threshold counts from the next state on.
   */
  @Test
  void pastTheThresholdTheClientCommitsOnChainAndGoesOn() throws Exception {
    Path dir = Files.createTempDirectory("silk-commit-threshold");
    try (FakeTonServer chain = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
      TonWallet payout = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET);
      try (LocalNode node = new LocalNode(b -> b.tonChannelPayment(new TonChannelTerms(chain.tonCenterUrl(), null,
          payout.address(), 20_000_000, 50_000_000, TonAmount.ofTon("0.1"), 4).withCommitThreshold(THRESHOLD)
          .withMaxCredit(0)))) {
        TonSecretKey key = TonSecretKey.generate();
        TonWallet wallet = TonWallet.of(key, WalletVersion.V5R1, Network.MAINNET);
        chain.chain().give(wallet.address().toRaw(), TonAmount.ofTon("3").nanoton());
        PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(77))
            .publicKeyA(key.publicKey()).publicKeyB(node.node.descriptor().descriptor().payment().counterpartyKey())
            .addressA(wallet.address()).addressB(payout.address()).build();
        ChannelOpener.open(ton, wallet, channel, ChannelSigner.of(channel, Side.A, key), TonAmount.ofTon("1"),
            Duration.ofSeconds(10));

        // Without a wallet for settlement the provider cannot commit: the node's refusal surfaces.
        ChannelPaymentProvider cannotCommit = ChannelPaymentProvider.builder().channel(channel).key(key)
            .deposit(TonAmount.ofTon("1")).store(new FileChannelStore(dir.resolve("a"))).build();
        int answered = 0;
        try (SilkClient client = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(cannotCommit))) {
          PaymentRequiredException refused = null;
          for (int i = 0; i < 10 && refused == null; i++) {
            try {
              client.chat().completions().create(ask("until the threshold " + i));
              answered++;
            } catch (PaymentRequiredException e) {
              refused = e;
            }
          }
          assertThat(refused).isNotNull();
          assertThat(refused.code()).isEqualTo("commit_required");
        }
        long chargedAtRefusal = charged(node, channel);
        assertThat(chargedAtRefusal).isGreaterThanOrEqualTo(THRESHOLD);

        // With one, it commits on chain when asked and every request is answered.
        ChannelPaymentProvider commits = ChannelPaymentProvider.builder().channel(channel).key(key)
            .deposit(TonAmount.ofTon("1")).store(new FileChannelStore(dir.resolve("a"))).settlement(ton, wallet).build();
        try (SilkClient client = node.client(new okhttp3.OkHttpClient(), b -> b.paymentProvider(commits))) {
          for (int i = 0; i < 8; i++) {
            client.chat().completions().create(ask("settling as we go " + i));
          }
          // Streams too: the refusal is their only chunk, and they commit and go on like whole answers.
          for (int i = 0; i < 8; i++) {
            try (dev.silk.core.stream.StreamResponse<dev.silk.core.chat.ChatCompletionChunk> stream = client.chat()
                .completions().createStreaming(ask("streaming as we settle " + i))) {
              while (stream.hasNext()) {
                stream.next();
              }
              assertThat(stream.receipt()).isNotNull();
            }
          }
        }
        long committedSeqno = ton.runGetMethod(channel.address(), "get_channel_data", java.util.Collections.emptyList())
            .stack().get(5).asElements().get(0).asNumber().longValueExact();
        assertThat(committedSeqno).as("commits reached the chain").isPositive();
        try (PaymentLedger ledger = PaymentLedger.open(node.dataDir)) {
          long charged = ledger.account(channel.address().toRaw()).get().charged;
          long secured = ledger.chargedThrough(channel.address().toRaw(), committedSeqno);
          assertThat(charged - secured).as("never more than the threshold (plus one request) left unsecured")
              .isLessThan(2 * THRESHOLD);
          assertThat(commits.record().charged().nanoton()).isEqualTo(charged);
        }
      }
    } finally {
      LocalNode.deleteRecursively(dir);
    }
  }

  private static long charged(LocalNode node, PaymentChannelConfig channel) throws Exception {
    try (PaymentLedger ledger = PaymentLedger.open(node.dataDir)) {
      return ledger.account(channel.address().toRaw()).get().charged;
    }
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(16).build();
  }
}
