package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.node.keys.DevKeyStore;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelMessages;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.ChannelWatcher;
import dev.silk.ton.channel.Side;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import dev.silk.ton.wallet.WalletVersion;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The node's watch over its channels, on the fake chain with the channel contract's own rules: a
 * client that starts an uncooperative close on an older state than the newest the node holds is
 * challenged by the node (from its own wallet), the contract settles on the newest state, and the
 * node takes no payment on the closing channel.
 */
class ChannelGuardTest {
  @Test
  void aCloseOnAnOlderStateIsChallengedAndTheNodeIsPaidTheNewest() throws Exception {
    try (PaidNode paid = PaidNode.withTerms(t -> t.withWatchInterval(Duration.ofMillis(200)))) {
      SilkNode node = paid.local.node;
      paid.chain.chain().give(node.walletAddress().toRaw(), TonAmount.ofTon("1").nanoton());
      long max = paid.maxCost();
      int[] status = new int[1];
      assertThat(PaidNode.served(paid.raw(paid.payment(1, 3 * max, max), status))).isTrue();
      assertThat(PaidNode.served(paid.raw(paid.payment(2, 6 * max, max), status))).isTrue();
      long charged = paid.ledgerCharged();

      // The client closes on its first state, which pays the node half of what the newest does. It
      // needs B's signed state for that; B's side never moves in Silk, so any B signature will do.
      TonSecretKey keyB = DevKeyStore.loadOrCreatePaymentKey(paid.local.dataDir);
      ChannelSigner a = ChannelSigner.of(paid.channel, Side.A, paid.clientKey);
      ChannelSigner b = ChannelSigner.of(paid.channel, Side.B, keyB);
      ChannelState old = ChannelState.of(1, TonAmount.ofNanoton(3 * max), 0, TonAmount.ZERO);
      paid.clientWallet.transfer(paid.ton, Transfer.builder(paid.channel.address(), TonAmount.ofTon("0.05"))
          .body(a.startUncooperativeClose(a.signedStateBoc(old), b.signedStateBoc(old))).build());

      // The client's own view of its close: challenged (SETTLING) once the node has answered it.
      ChannelWatcher clientView = new ChannelWatcher(paid.ton, paid.channel, a, paid.clientWallet, () -> null);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (clientView.check() != ChannelWatcher.Outcome.SETTLING) {
        assertThat(System.nanoTime()).as("the node challenged within 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(paid.raw(paid.payment(3, 7 * max, max), status).nodeError().code())
          .as("no payment on a closing channel").isEqualTo(ErrorCode.CHANNEL_CLOSED);

      // After the quarantine and the conditional-close time, anyone may finish: the node's payout
      // address gets the newest state's amount (plus the client's fine), not the old one's.
      long wait = paid.channel.quarantineDuration().getSeconds() + paid.channel.conditionalCloseDuration().getSeconds()
          + 1;
      paid.chain.chain().advance(wait);
      TonWallet later = TonWallet.of(paid.clientKey, WalletVersion.V5R1, Network.MAINNET,
          Clock.offset(Clock.systemUTC(), Duration.ofSeconds(wait)));
      TonAmount before = paid.ton.getAddressBalance(paid.nodeWallet.address());
      later.transfer(paid.ton, Transfer.builder(paid.channel.address(), TonAmount.ofTon("0.05"))
          .body(ChannelMessages.finishUncooperativeClose()).build());
      long received = paid.ton.getAddressBalance(paid.nodeWallet.address()).minus(before).nanoton();
      assertThat(received).as("paid to B").isGreaterThanOrEqualTo(6 * max - dev.silk.faketon.FakeTonChain.FORWARD_FEE)
          .isGreaterThan(charged);
    }
  }

  @Test
  void atStartAChannelWhoseLedgerDisagreesWithTheChainTakesNoPayment() throws Exception {
    try (PaidNode paid = PaidNode.withTerms(t -> t.withWatchInterval(Duration.ofMillis(200)))) {
      long max = paid.maxCost();
      int[] status = new int[1];
      assertThat(PaidNode.served(paid.raw(paid.payment(1, 3 * max, max), status))).isTrue();
      // A commit of seqno 5 reaches the contract, a state this node never accepted (its ledger is
      // another node's, or was restored from an old backup).
      TonSecretKey keyB = DevKeyStore.loadOrCreatePaymentKey(paid.local.dataDir);
      byte[] sigA = ChannelSigner.of(paid.channel, Side.A, paid.clientKey).signCooperativeCommit(5, 1);
      byte[] sigB = ChannelSigner.of(paid.channel, Side.B, keyB).signCooperativeCommit(5, 1);
      paid.clientWallet.transfer(paid.ton, Transfer.builder(paid.channel.address(), TonAmount.ofTon("0.05"))
          .body(ChannelMessages.cooperativeCommit(paid.channel, 5, 1, sigA, sigB)).build());

      paid.local.restart();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      ErrorCode refusal = null;
      for (long seqno = 6; refusal != ErrorCode.CHANNEL_CLOSED; seqno++) {
        assertThat(System.nanoTime()).as("refused within 30 s of the start").isLessThan(deadline);
        dev.silk.crypto.envelope.ResponseReader answer = paid.raw(paid.payment(seqno, 3 * max, max), status);
        refusal = answer.nodeError() == null ? null : answer.nodeError().code();
        Thread.sleep(100);
      }
    }
  }
}
