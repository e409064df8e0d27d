package dev.silk.ton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.payment.TonAmount;
import dev.silk.faketon.FakeTonServer;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelMessages;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.ChannelWatcher;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that closes uncooperatively on an outdated state (paying less) is caught by the
 * node's watcher, which challenges with the newest state it holds; the contract fines the
 * client. On the fake-TON chain, whose contract logic matches {@code @ton/sandbox}'s.
 */
class ChannelWatcherTest {
  @Test
  void anOutdatedCloseIsChallengedAndFined() throws Exception {
    try (FakeTonServer fake = FakeTonServer.start(0)) {
      TonCenterClient ton = TonCenterClient.builder().baseUrl(fake.tonCenterUrl()).build();
      TonSecretKey a = TonSecretKey.generate();
      TonSecretKey b = TonSecretKey.generate();
      TonWallet walletA = TonWallet.of(a, WalletVersion.V5R1, Network.MAINNET);
      TonWallet walletB = TonWallet.of(b, WalletVersion.V4R2, Network.MAINNET);
      fake.chain().give(walletA.address().toRaw(), TonAmount.ofTon("3").nanoton());
      fake.chain().give(walletB.address().toRaw(), TonAmount.ofTon("1").nanoton());
      PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(99))
          .publicKeyA(a.publicKey()).publicKeyB(b.publicKey()).addressA(walletA.address())
          .addressB(walletB.address()).quarantineDuration(Duration.ofSeconds(600))
          .misbehaviorFine(TonAmount.ofTon("0.1")).conditionalCloseDuration(Duration.ofSeconds(60)).build();
      ChannelSigner signerA = ChannelSigner.of(channel, Side.A, a);
      ChannelSigner signerB = ChannelSigner.of(channel, Side.B, b);
      ChannelOpener.open(ton, walletA, channel, signerA, TonAmount.ofTon("2"), Duration.ofSeconds(10));

      // The node holds the client's newest state (seqno 9, 0.4 TON) and its own (seqno 1).
      ChannelState newest = ChannelState.of(9, TonAmount.ofTon("0.4"), 1, TonAmount.ZERO);
      ChannelWatcher.LatestStates held = new ChannelWatcher.LatestStates(newest, signerA.signedStateBoc(newest),
          signerB.signedStateBoc(newest));
      ChannelWatcher nodeWatcher = new ChannelWatcher(ton, channel, signerB, walletB, () -> held);
      assertThat(nodeWatcher.check()).isEqualTo(ChannelWatcher.Outcome.OPEN);

      // The client closes on an old state that paid only 0.1 TON.
      ChannelState old = ChannelState.of(3, TonAmount.ofTon("0.1"), 1, TonAmount.ZERO);
      walletA.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05"))
          .body(signerA.startUncooperativeClose(signerA.signedStateBoc(old), signerB.signedStateBoc(old))).build());
      assertThat(nodeWatcher.check()).isEqualTo(ChannelWatcher.Outcome.CHALLENGED);
      assertThat(nodeWatcher.check()).as("a quarantine is challenged once").isEqualTo(ChannelWatcher.Outcome.SETTLING);

      // The client's own watcher sees its close in progress and does not challenge itself.
      ChannelWatcher clientWatcher = new ChannelWatcher(ton, channel, signerA, walletA, () -> held);
      assertThat(clientWatcher.check()).isEqualTo(ChannelWatcher.Outcome.SETTLING);

      fake.chain().advance(600 + 60 + 1);
      TonWallet laterB = TonWallet.of(b, WalletVersion.V4R2, Network.MAINNET,
          Clock.offset(Clock.systemUTC(), Duration.ofSeconds(600 + 60 + 1)));
      TonAmount before = ton.getAddressBalance(walletB.address());
      laterB.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05"))
          .body(ChannelMessages.finishUncooperativeClose()).build());
      TonAmount received = ton.getAddressBalance(walletB.address()).minus(before).plus(TonAmount.ofTon("0.05"));
      // The newest payment plus the fine, less the fake chain's flat fees (external, forward twice).
      assertThat(received).isGreaterThan(TonAmount.ofTon("0.49")).isLessThanOrEqualTo(TonAmount.ofTon("0.5"));
    }
  }
}
