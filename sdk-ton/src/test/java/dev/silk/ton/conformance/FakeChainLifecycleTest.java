package dev.silk.ton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.faketon.FakeTonChain;
import dev.silk.faketon.FakeTonServer;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.StackEntry;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.center.TonCenterException;
import dev.silk.ton.channel.ChannelMessages;
import dev.silk.ton.internal.WalletMessages;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake-TON chain driven through sdk-ton's real client and messages, over HTTP, with the
 * same scenario and expectations that {@code sdk-ton/conformance/check.mjs} holds
 * {@code @ton/sandbox} (TON's own emulator) to in CI: wallet deploys and transfers, a channel's
 * deploy, top-ups, init, commit, cooperative close; an uncooperative close on an outdated state,
 * its challenge with a fine, and the finish after quarantine. Fees differ (the fake chain's are
 * flat), so value transfers are compared within 0.01 TON, contract state exactly.
 */
class FakeChainLifecycleTest {
  private static final TonAmount TOLERANCE = TonAmount.ofTon("0.01");

  private FakeTonServer fake;
  private TonCenterClient ton;

  @BeforeEach
  void start() throws Exception {
    fake = FakeTonServer.start(0);
    ton = TonCenterClient.builder().baseUrl(fake.tonCenterUrl()).build();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private static TonSecretKey key(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return TonSecretKey.fromSeed(seed, SecretAccess.grant());
  }

  private TonWallet funded(TonSecretKey key, WalletVersion version, String tons) {
    TonWallet w = TonWallet.of(key, version, Network.MAINNET);
    fake.chain().give(w.address().toRaw(), TonAmount.ofTon(tons).nanoton());
    return w;
  }

  private List<StackEntry> channelData(PaymentChannelConfig c) {
    return ton.runGetMethod(c.address(), "get_channel_data", Collections.emptyList()).stack();
  }

  /** The sandbox scenario's closing rules: 30 min quarantine, 0.05 TON fine, 10 min for conditionals. */
  private static PaymentChannelConfig channel(long id, TonSecretKey a, TonSecretKey b, TonWallet walletA,
      TonWallet walletB) {
    return PaymentChannelConfig.builder().channelId(BigInteger.valueOf(id))
        .publicKeyA(a.publicKey()).publicKeyB(b.publicKey()).addressA(walletA.address()).addressB(walletB.address())
        .quarantineDuration(Duration.ofSeconds(1800)).misbehaviorFine(TonAmount.ofTon("0.05"))
        .conditionalCloseDuration(Duration.ofSeconds(600)).build();
  }

  private static void near(TonAmount actual, TonAmount expected) {
    assertThat(actual).isLessThanOrEqualTo(expected).isGreaterThan(expected.minus(TOLERANCE));
  }

  @Test
  void walletsDeployWithTheirFirstTransferAndCheckSeqnoAndSignature() {
    TonAddress destination = TonAddress.of(0, new byte[32]);
    for (WalletVersion version : WalletVersion.values()) {
      TonWallet w = funded(key(0x11), version, "3");
      w.transfer(ton, Transfer.builder(destination, TonAmount.ofTon("1")).bounce(false).comment("silk").build());
      assertThat(ton.getAddressInformation(w.address()).state().name()).isEqualTo("ACTIVE");
      assertThat(ton.runGetMethod(w.address(), "seqno", Collections.emptyList()).stack().get(0).asNumber())
          .isEqualTo(BigInteger.ONE);
      w.transfer(ton, Transfer.builder(destination, TonAmount.ofTon("0.5")).bounce(false).build());
      assertThat(ton.runGetMethod(w.address(), "seqno", Collections.emptyList()).stack().get(0).asNumber())
          .isEqualTo(BigInteger.valueOf(2));
    }
    assertThat(ton.getAddressBalance(destination)).isEqualTo(TonAmount.ofTon("3"));

    // A message signed with another key, or replaying a used seqno, is dropped by the wallet.
    TonSecretKey owner = key(0x12);
    TonWallet real = funded(owner, WalletVersion.V4R2, "1");
    real.transfer(ton, Transfer.builder(destination, TonAmount.ofTon("0.1")).build());
    long validUntil = java.time.Instant.now().getEpochSecond() + 60;
    Transfer steal = Transfer.builder(destination, TonAmount.ofTon("0.5")).build();
    byte[] forged = WalletMessages.externalMessage(owner.publicKey(), WalletVersion.V4R2, Network.MAINNET,
        WalletMessages.signedBody(key(0x13), WalletVersion.V4R2, Network.MAINNET, steal, 1, validUntil), false);
    assertThatThrownBy(() -> ton.sendBoc(forged)).isInstanceOf(TonCenterException.class)
        .hasMessageContaining("bad wallet signature");
    byte[] replayed = WalletMessages.externalMessage(owner.publicKey(), WalletVersion.V4R2, Network.MAINNET,
        WalletMessages.signedBody(owner, WalletVersion.V4R2, Network.MAINNET, steal, 0, validUntil), false);
    assertThatThrownBy(() -> ton.sendBoc(replayed)).isInstanceOf(TonCenterException.class)
        .hasMessageContaining("wrong seqno");
    assertThatThrownBy(() -> ton.sendBoc(new byte[] {1, 2, 3})).isInstanceOf(TonCenterException.class);
  }

  @Test
  void aChannelLivesAndClosesCooperativelyAsInTheSandbox() {
    TonSecretKey a = key(0x33);
    TonSecretKey b = key(0x44);
    TonWallet walletA = funded(a, WalletVersion.V5R1, "5");
    TonWallet walletB = funded(b, WalletVersion.V4R2, "2");
    PaymentChannelConfig channel = channel(77, a, b, walletA, walletB);
    ChannelSigner signerA = ChannelSigner.of(channel, Side.A, a);
    ChannelSigner signerB = ChannelSigner.of(channel, Side.B, b);
    TonAmount deposit = TonAmount.ofTon("2");

    assertThatThrownBy(() -> ChannelOpener.open(ton, walletA, channel, signerA, deposit, Duration.ofSeconds(10),
        dev.silk.core.payment.SpendingCaps.builder().maxDepositLocked(TonAmount.ofTon("1")).build()))
        .isInstanceOf(dev.silk.core.errors.BudgetExceededException.class);
    assertThat(ChannelOpener.state(ton, channel)).as("nothing was sent").isEqualTo(-1);
    ChannelOpener.open(ton, walletA, channel, signerA, deposit, Duration.ofSeconds(10),
        dev.silk.core.payment.SpendingCaps.builder().maxDepositLocked(TonAmount.ofTon("2")).build());
    List<StackEntry> data = channelData(channel);
    assertThat(data.get(0).asNumber()).isEqualTo(BigInteger.ONE);
    assertThat(data.get(1).asElements().get(0).asNumber()).isEqualTo(BigInteger.valueOf(deposit.nanoton()));
    assertThat(data.get(3).asNumber()).isEqualTo(BigInteger.valueOf(77));

    walletB.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05")).body(
        ChannelMessages.cooperativeCommit(channel, 3, 1, signerA.signCooperativeCommit(3, 1),
            signerB.signCooperativeCommit(3, 1))).build());
    assertThat(channelData(channel).get(5).asElements()).extracting(StackEntry::asNumber)
        .containsExactly(BigInteger.valueOf(3), BigInteger.ONE);
    // The same commit again: seqnos must grow, so the contract aborts and nothing changes.
    walletB.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05")).body(
        ChannelMessages.cooperativeCommit(channel, 3, 1, signerA.signCooperativeCommit(3, 1),
            signerB.signCooperativeCommit(3, 1))).build());
    assertThat(fake.chain().lastRejection()).isEqualTo(108);

    TonAmount paid = TonAmount.ofTon("0.3");
    TonAmount finalA = deposit.minus(paid);
    TonAmount beforeB = ton.getAddressBalance(walletB.address());
    TonAmount beforeA = ton.getAddressBalance(walletA.address());
    walletA.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05")).body(
        ChannelMessages.cooperativeClose(channel, finalA, paid, 5, 2, signerA.signCooperativeClose(finalA, paid, 5, 2),
            signerB.signCooperativeClose(finalA, paid, 5, 2))).build());
    near(ton.getAddressBalance(walletB.address()).minus(beforeB), paid);
    assertThat(ton.getAddressBalance(walletA.address()).plus(TonAmount.ofTon("0.06")))
        .isGreaterThan(beforeA.plus(finalA));
    assertThat(ChannelOpener.state(ton, channel)).as("closed: uninited again").isZero();
  }

  @Test
  void anOutdatedUncooperativeCloseIsChallengedAndFined() {
    TonSecretKey a = key(0x55);
    TonSecretKey b = key(0x66);
    TonWallet walletA = funded(a, WalletVersion.V4R2, "5");
    TonWallet walletB = funded(b, WalletVersion.V4R2, "2");
    PaymentChannelConfig channel = channel(78, a, b, walletA, walletB);
    ChannelSigner signerA = ChannelSigner.of(channel, Side.A, a);
    ChannelSigner signerB = ChannelSigner.of(channel, Side.B, b);
    ChannelOpener.open(ton, walletA, channel, signerA, TonAmount.ofTon("2"), Duration.ofSeconds(10));

    ChannelState old = ChannelState.of(2, TonAmount.ofTon("0.1"), 1, TonAmount.ZERO);
    ChannelState newest = ChannelState.of(4, TonAmount.ofTon("0.3"), 1, TonAmount.ZERO);
    walletA.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05")).body(
        signerA.startUncooperativeClose(signerA.signedStateBoc(old), signerB.signedStateBoc(old))).build());
    assertThat(ChannelOpener.state(ton, channel)).isEqualTo(2);
    walletB.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05")).body(
        signerB.challengeQuarantinedState(signerA.signedStateBoc(newest), signerB.signedStateBoc(newest))).build());
    walletA.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05"))
        .body(ChannelMessages.finishUncooperativeClose()).build());
    assertThat(fake.chain().lastRejection()).as("too early to close").isEqualTo(113);

    fake.chain().advance(1800 + 600 + 1);
    // B's wallet lives in the chain's (advanced) time, as a real wallet does.
    TonWallet laterB = TonWallet.of(b, WalletVersion.V4R2, Network.MAINNET,
        java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(1800 + 600 + 1)));
    TonAmount beforeB = ton.getAddressBalance(walletB.address());
    laterB.transfer(ton, Transfer.builder(channel.address(), TonAmount.ofTon("0.05"))
        .body(ChannelMessages.finishUncooperativeClose()).build());
    TonAmount expectedB = TonAmount.ofTon("0.3").plus(TonAmount.ofTon("0.05"));
    // B paid 0.05 + fees for its own finish message: compare what the channel paid it.
    near(ton.getAddressBalance(walletB.address()).minus(beforeB).plus(TonAmount.ofTon("0.05")).plus(
        TonAmount.ofNanoton(FakeTonChain.EXTERNAL_FEE + FakeTonChain.FORWARD_FEE)), expectedB);
  }
}
