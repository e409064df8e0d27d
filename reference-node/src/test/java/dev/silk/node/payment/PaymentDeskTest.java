package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.NodeLimits;
import dev.silk.node.TestDirs;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPayment;
import dev.silk.ton.payment.ChannelStatusRequest;
import dev.silk.ton.payment.CooperativeClose;
import dev.silk.ton.payment.CooperativeCommit;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk against a chain stand-in it can be made to freeze: no request on a known channel waits
 * for the chain, signatures are checked before the chain is read for a close or commit, status
 * timestamps are checked exactly at their bounds, and nothing stays reserved after a refusal.
 */
class PaymentDeskTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final long DEPOSIT = 1_000_000_000;
  private static final ModelInfo ECHO = ModelInfo.builder("echo", "echo").prices(20_000_000, 50_000_000).build();

  private final TonSecretKey keyA = TonSecretKey.generate();
  private final TonSecretKey keyB = TonSecretKey.generate();
  private final PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(77))
      .publicKeyA(keyA.publicKey()).publicKeyB(keyB.publicKey())
      .addressA(TonAddress.of(0, new byte[32])).addressB(TonAddress.of(0, filled(9))).build();
  private final AtomicInteger chainReads = new AtomicInteger();
  private final CountDownLatch thaw = new CountDownLatch(1);
  private volatile boolean frozen;
  private Path dir;
  private PaymentLedger ledger;
  private PaymentDesk desk;

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  private Optional<OnChainChannel> chain(TonAddress address) {
    chainReads.incrementAndGet();
    if (frozen) {
      try {
        thaw.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return address.equals(channel.address())
        ? Optional.of(new OnChainChannel(1, DEPOSIT, 0, keyA.publicKey(), keyB.publicKey(), channel.channelId()))
        : Optional.empty();
  }

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("silk-desk");
    ledger = PaymentLedger.open(dir);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    desk = new PaymentDesk(SigningPrivateKey.generate(), keyB.publicKey(), 4, this::chain, ledger, clock, 0,
        NodeLimits.builder().chainLookups(4).chainLookupDeadline(Duration.ofMillis(500)).build());
  }

  @AfterEach
  void close() throws Exception {
    thaw.countDown();
    desk.close();
    ledger.close();
    TestDirs.deleteRecursively(dir);
  }

  private byte[] payment(PaymentChannelConfig config, TonSecretKey signer, long seqno, long sent, long maxCost) {
    ChannelState state = ChannelState.of(seqno, TonAmount.ofNanoton(sent), 0, TonAmount.ZERO);
    return ChannelPayment.of(config.address(), config.channelId(), state,
        ChannelSigner.of(config, Side.A, signer).sign(state), TonAmount.ofNanoton(maxCost)).encode();
  }

  private Admission admit(byte[] payment) {
    return desk.admit(RequestId.random(), payment, ECHO, 200, 64L);
  }

  private long bound() {
    return dev.silk.crypto.payment.Pricing.maxCost(ECHO, 200, 64L);
  }

  @Test
  void aFrozenChainDoesNotStallAKnownChannel() throws Exception {
    long max = bound();
    Admission first = admit(payment(channel, keyA, 1, 10 * max, max));
    assertThat(first.reservation).isNotNull();
    desk.release(first.reservation);

    frozen = true;
    ExecutorService attackers = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 64; i++) {
      int n = i;
      attackers.execute(() -> {
        TonSecretKey key = TonSecretKey.generate();
        PaymentChannelConfig nobody = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(n))
            .publicKeyA(key.publicKey()).publicKeyB(keyB.publicKey())
            .addressA(TonAddress.of(0, filled(n))).addressB(TonAddress.of(0, filled(9))).build();
        Admission d = admit(payment(nobody, key, 1, max, max));
        assertThat(d.refusal).isIn(ErrorCode.OVERLOADED, ErrorCode.PAYMENT_REQUIRED);
      });
    }
    for (int seqno = 2; seqno < 12; seqno++) {
      Admission d = admit(payment(channel, keyA, seqno, 10 * max, max));
      assertThat(d.reservation).as("a known channel, the chain frozen").isNotNull();
      desk.release(d.reservation);
    }
    assertThat(chainReads.get()).as("reads under way at once are bounded").isLessThanOrEqualTo(1 + 4);
    attackers.shutdown();
    assertThat(attackers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closeAndCommitCheckTheSignatureBeforeReadingTheChain() throws Exception {
    long max = bound();
    Admission d = admit(payment(channel, keyA, 1, max, max));
    desk.settle(d.reservation, 10, 10, Receipt.builder().usage(10, 10).issuedAt(NOW), null);
    Countersigner countersigner = new Countersigner(desk, keyB);
    int reads = chainReads.get();
    TonSecretKey mallory = TonSecretKey.generate();
    byte[] forgedClose = new CooperativeClose(channel.address(), TonAmount.ofNanoton(DEPOSIT), TonAmount.ZERO, 5, 1,
        mallory.sign(ChannelSigner.cooperativeCloseHash(channel.channelId(), TonAmount.ofNanoton(DEPOSIT),
            TonAmount.ZERO, 5, 1))).toBytes();
    assertThatThrownBy(() -> countersigner.close(forgedClose)).isInstanceOfSatisfying(Countersigner.Refused.class,
        e -> assertThat(e.status).isEqualTo(401));
    byte[] forgedCommit = new CooperativeCommit(channel.address(), 1, 1,
        mallory.sign(ChannelSigner.cooperativeCommitHash(channel.channelId(), 1, 1))).toBytes();
    assertThatThrownBy(() -> countersigner.commit(forgedCommit)).isInstanceOfSatisfying(Countersigner.Refused.class,
        e -> assertThat(e.status).isEqualTo(401));
    assertThat(chainReads.get()).as("no chain read for a forged request").isEqualTo(reads);

    long charged = ledger.account(channel.address().toRaw()).get().charged;
    byte[] honest = new CooperativeClose(channel.address(), TonAmount.ofNanoton(DEPOSIT - charged),
        TonAmount.ofNanoton(charged), 5, 1, ChannelSigner.of(channel, Side.A, keyA).signCooperativeClose(
            TonAmount.ofNanoton(DEPOSIT - charged), TonAmount.ofNanoton(charged), 5, 1)).toBytes();
    assertThat(countersigner.close(honest)).hasSize(64);
    assertThat(admit(payment(channel, keyA, 2, 10 * max, max)).refusal).as("closing")
        .isEqualTo(ErrorCode.CHANNEL_CLOSED);
  }

  @Test
  void statusTimestampsAreCheckedExactlyAtTheirBounds() throws Exception {
    long max = bound();
    desk.release(admit(payment(channel, keyA, 1, max, max)).reservation);
    long skew = ChannelStatusRequest.MAX_SKEW.toMillis();
    for (long offset : new long[] {-skew, 0, skew}) {
      byte[] ok = ChannelStatusRequest.sign(channel.address(), NOW.plusMillis(offset), keyA).toBytes();
      assertThat(desk.status(ok).lastSeqno()).as("offset %d ms", offset).isEqualTo(1);
    }
    for (Instant stale : new Instant[] {NOW.minusMillis(skew + 1), NOW.plusMillis(skew + 1), Instant.EPOCH,
        Instant.ofEpochMilli(Long.MAX_VALUE)}) {
      byte[] request = ChannelStatusRequest.sign(channel.address(), stale, keyA).toBytes();
      assertThatThrownBy(() -> desk.status(request)).as("at %s", stale)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_REQUEST));
    }
    byte[] forged = ChannelStatusRequest.sign(channel.address(), NOW, TonSecretKey.generate()).toBytes();
    assertThatThrownBy(() -> desk.status(forged)).isInstanceOfSatisfying(SilkCryptoException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
  }

  @Test
  void refusalsLeaveNothingReservedAndPricesThatOverflowAreRefused() throws Exception {
    long max = bound();
    for (long maxCost : new long[] {0, max - 1, Long.MAX_VALUE}) {
      Admission d = admit(payment(channel, keyA, 1, DEPOSIT, maxCost));
      assertThat(d.quote).as("max_cost %d", maxCost).isNotNull();
      assertThat(d.quote.reservedNanoton()).isZero();
    }
    ModelInfo absurd = ModelInfo.builder("echo", "echo").prices(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2).build();
    Admission overflow = desk.admit(RequestId.random(), payment(channel, keyA, 1, DEPOSIT, max), absurd,
        200, 64L);
    assertThat(overflow.refusal).isEqualTo(ErrorCode.INTERNAL);
    Admission ok = admit(payment(channel, keyA, 1, DEPOSIT, max));
    assertThat(ok.reservation).isNotNull();
  }
}
