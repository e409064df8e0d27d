package dev.silk.node.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.NodeLimits;
import dev.silk.node.store.Database;
import dev.silk.node.store.PostgresExtension;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPayment;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger contract on a real PostgreSQL (a throwaway cluster from Debian's binaries), plus what
 * only a shared ledger must do: replicas given the same payment state at once admit and charge it
 * once, one replica's reservations count on the others until their lease ends, the rules hold in
 * plain SQL, and a schema newer than the node is refused.
 */
class PostgresPaymentLedgerTest extends PaymentLedgerContract {
  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final ModelInfo ECHO = ModelInfo.builder("echo", "echo").prices(20_000_000, 50_000_000).build();

  private Database database;
  private PaymentLedger ledger;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void newDatabase() throws Exception {
    database = POSTGRES.cluster().newDatabase().withConnectionTimeout(Duration.ofSeconds(2));
    ledger = PaymentLedger.open(database, LEASE);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    ledger.close();
  }

  @Override
  PaymentLedger open() throws Exception {
    return PaymentLedger.open(database, LEASE);
  }

  @Override
  PaymentLedger ledger() {
    return ledger;
  }

  @Test
  void aReplicasReservationsCountOnTheOthersUntilTheirLeaseEnds() throws Exception {
    try (PaymentLedger shortLease = PaymentLedger.open(database, Duration.ofMillis(300))) {
      ChannelAccount onA = account(shortLease);
      shortLease.locked(onA, entries -> {
        entries.accept(CHANNEL, 1, 10_000, SIG, 1);
        entries.reserve(id(1), CHANNEL, 4_000);
        entries.reserve(id(2), CHANNEL, 3_000);
        return null;
      });
      ChannelAccount onB = account(ledger);
      ledger.locked(onB, entries -> null);
      assertThat(onB.reserved()).as("replica A's requests in flight, seen by B").isEqualTo(7_000);
      assertThat(onB.inFlight()).isEqualTo(2);
      assertThat(onB.heldSeqno()).isEqualTo(1);
      shortLease.locked(onA, entries -> {
        entries.release(id(2));
        return null;
      });
      ledger.locked(onB, entries -> null);
      assertThat(onB.reserved()).isEqualTo(4_000);
      Thread.sleep(400); // past the lease: a replica that died holding id(1) no longer blocks the channel
      ledger.locked(onB, entries -> null);
      assertThat(onB.reserved()).as("after the lease").isZero();
      assertThat(onB.inFlight()).isZero();
      assertThat(ledger.purgeExpired()).as("the watch's pass deletes what the lease ended").isEqualTo(1);
      assertThat(ledger.purgeExpired()).isZero();
    }
  }

  @Test
  void theWatchRunsOnOneReplicaAtATimeAndItsStopReachesEveryReplica() throws Exception {
    try (PaymentLedger other = open()) {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService watcher = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> first = watcher.submit(() -> ledger.exclusively(() -> {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
        inside.await();
        boolean[] ran = new boolean[1];
        assertThat(other.exclusively(() -> ran[0] = true)).as("while another replica watches").isFalse();
        assertThat(ran[0]).isFalse();
        release.countDown();
        assertThat(first.get()).isTrue();
        assertThat(other.exclusively(() -> ran[0] = true)).as("once it is done").isTrue();
        assertThat(ran[0]).isTrue();
      } finally {
        watcher.shutdownNow();
      }
      ledger.accept(CHANNEL, 1, 1_000, SIG, 1);
      ChannelAccount onOther = account(other);
      other.locked(onOther, entries -> null);
      assertThat(onOther.closing()).isFalse();
      ledger.stopPayments(CHANNEL);
      other.locked(onOther, entries -> null);
      assertThat(onOther.closing()).as("a channel stopped by the watch on one replica, seen by another").isTrue();
    }
  }

  /** A reservation the desk could not end during an outage is ended before the next work, not after its lease. */
  @Test
  void aReleaseThatFailedIsMadeBeforeTheNextWork() throws Exception {
    ChannelAccount account = account(ledger);
    ledger.locked(account, entries -> {
      entries.accept(CHANNEL, 1, 10_000, SIG, 1);
      entries.reserve(id(1), CHANNEL, 4_000);
      return null;
    });
    ledger.locked(account, entries -> null);
    assertThat(account.inFlight()).isEqualTo(1);
    ledger.releaseLater(id(1));
    try (PaymentLedger other = open()) {
      ChannelAccount seen = account(other);
      other.locked(seen, entries -> null);
      assertThat(seen.inFlight()).as("another replica, before this one works again").isEqualTo(1);
    }
    ledger.locked(account, entries -> null);
    assertThat(account.inFlight()).as("ended before the next work, lease or not").isZero();
    assertThat(account.reserved()).isZero();
  }

  @Test
  void plainSqlCannotBreakTheRulesEither() throws Exception {
    ledger.accept(CHANNEL, 3, 1_000, SIG, 1);
    ledger.charge(id(1), CHANNEL, 3, 500, 500, null, 2);
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), null);
        Statement s = c.createStatement()) {
      for (String sql : new String[] {
          "UPDATE silk_channel SET charged = 1001",
          "UPDATE silk_channel SET charged = 100",
          "UPDATE silk_channel SET held_seqno = 2",
          "UPDATE silk_channel SET held_sent = 900",
          "INSERT INTO silk_payment_state VALUES ('" + CHANNEL + "', 2, 1001, '\\x00', 0)",
          "INSERT INTO silk_payment_state VALUES ('" + CHANNEL + "', 0, 1, '\\x00', 0)",
          "INSERT INTO silk_payment_state VALUES ('0:unknown', 1, 1, '\\x00', 0)",
          "INSERT INTO silk_charge VALUES ('\\x09', '" + CHANNEL + "', 4, 1, 501, NULL, 0)"}) {
        assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).matches(this::constraint);
      }
      s.executeUpdate("UPDATE silk_channel SET closing = true");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE silk_channel SET closing = false")).matches(this::constraint);
    }
  }

  @Test
  void aSchemaNewerThanTheNodeIsRefusedAtStart() throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), null);
        Statement s = c.createStatement()) {
      s.execute("UPDATE silk_schema SET version = 2 WHERE component = 'ledger'");
    }
    assertThatThrownBy(this::open).isInstanceOf(SQLException.class)
        .hasMessageContaining("ledger schema is version 2, newer than this node's 1");
  }

  /**
   * Two replicas (two desks, each with its own pool) share one ledger. Each round signs one new
   * state that covers exactly one more request, and 8 threads send it at once, 4 to each replica,
   * each as its own request: exactly one is admitted and charged, whatever the interleaving, and
   * the books add up at the end.
   */
  @Test
  void replicasGivenTheSamePaymentStateAtOnceAdmitAndChargeItOnce() throws Exception {
    TonSecretKey keyA = TonSecretKey.generate();
    TonSecretKey keyB = TonSecretKey.generate();
    PaymentChannelConfig channel = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(78))
        .publicKeyA(keyA.publicKey()).publicKeyB(keyB.publicKey())
        .addressA(TonAddress.of(0, new byte[32])).addressB(TonAddress.of(0, new byte[32])).build();
    long deposit = 1_000_000_000_000L;
    ChainView chain = address -> address.equals(channel.address())
        ? Optional.of(new OnChainChannel(1, deposit, 0, keyA.publicKey(), keyB.publicKey(), channel.channelId()))
        : Optional.empty();
    SigningPrivateKey nodeKey = SigningPrivateKey.generate();
    NodeLimits limits = NodeLimits.builder().rateLimitPerClient(1_000_000).build();
    PaymentLedger second = open();
    opened.add(second);
    PaymentDesk[] replicas = {
        new PaymentDesk(nodeKey, keyB.publicKey(), 8, chain, ledger, Clock.fixed(NOW, ZoneOffset.UTC), 0, limits),
        new PaymentDesk(nodeKey, keyB.publicKey(), 8, chain, second, Clock.fixed(NOW, ZoneOffset.UTC), 0, limits)};
    opened.add(replicas[0]);
    opened.add(replicas[1]);
    long max = Pricing.maxCost(ECHO, 200, 64L);
    String key = channel.address().toRaw();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      int rounds = 40;
      for (int round = 1; round <= rounds; round++) {
        long charged = ledger.account(key).map(a -> a.charged).orElse(0L);
        byte[] payment = payment(channel, keyA, round, charged + max, max);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> decisions = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          PaymentDesk replica = replicas[t % 2];
          decisions.add(threads.submit(() -> {
            start.await();
            Admission d = replica.admit(RequestId.random(), payment, ECHO, 200, 64L);
            if (d.reservation != null) {
              replica.settle(d.reservation, 100, 64, Receipt.builder().usage(100, 64).issuedAt(NOW), null);
            }
            return d;
          }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Admission> f : decisions) {
          Admission d = f.get();
          if (d.reservation != null) {
            admitted++;
          } else {
            assertThat(d.refusal).as("round %d", round).isEqualTo(ErrorCode.PAYMENT_REQUIRED);
          }
        }
        assertThat(admitted).as("round %d: requests admitted on one state that covers one", round).isEqualTo(1);
      }
      PaymentLedger.Account account = ledger.account(key).get();
      long cost = Pricing.charge(ECHO, 100, 64, max);
      assertThat(account.charged).as("one charge per round").isEqualTo(rounds * cost);
      assertThat(ledger.sumOfCharges(key)).isEqualTo(account.charged);
      assertThat(account.charged).isLessThanOrEqualTo(account.heldSent);
      assertThat(account.heldSeqno).isEqualTo(rounds);
      ChannelAccount books = account(key);
      ledger.locked(books, entries -> null);
      assertThat(books.inFlight()).as("nothing left reserved").isZero();
    } finally {
      threads.shutdownNow();
    }
  }

  private static byte[] payment(PaymentChannelConfig config, TonSecretKey signer, long seqno, long sent,
      long maxCost) {
    ChannelState state = ChannelState.of(seqno, TonAmount.ofNanoton(sent), 0, TonAmount.ZERO);
    return ChannelPayment.of(config.address(), config.channelId(), state,
        ChannelSigner.of(config, Side.A, signer).sign(state), TonAmount.ofNanoton(maxCost)).encode();
  }
}
