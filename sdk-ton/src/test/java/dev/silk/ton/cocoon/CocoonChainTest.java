package dev.silk.ton.cocoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.TonAmount;
import dev.silk.faketon.FakeTonServer;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ton.java.cell.CellBuilder;

/**
 * COCOON's root and client contracts on the fake-TON chain through TON Center's API: the root
 * config re-read and a version going back refused; a client contract derived, deployed with its
 * registration, topped up, charged by a signed charge, withdrawn from and closed; and the signed
 * charges a client must refuse.
 */
class CocoonChainTest {
  private static final TonAddress ROOT = TonAddress.of(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
      15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  private static final TonAddress PROXY_OWNER = TonAddress.of(0, new byte[32]);

  private FakeTonServer fake;
  private TonCenterClient center;

  @BeforeEach
  void start() throws Exception {
    fake = FakeTonServer.start(0);
    center = TonCenterClient.builder().baseUrl(fake.tonCenterUrl()).build();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private static Clock clock(java.util.function.Supplier<Instant> now) {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  private static byte[] code(String name) {
    return CellBuilder.beginCell().storeBytes(("test " + name + " code").getBytes(StandardCharsets.US_ASCII))
        .endCell().toBoc();
  }

  private static CocoonConfig config(int version, String proxy) {
    return CocoonConfig.builder().root(ROOT.toRaw(), PROXY_OWNER.toRaw()).version(version).paramsVersion(1)
        .addProxy(proxy).addProxyImageHash("ab".repeat(32)).prices(1_000, 500).delaysBeforeClose(600, 300)
        .stakes(1_000_000_000L, 1_000_000_000L).codes(code("proxy"), code("worker"), code("client")).build();
  }

  private void putRoot(CocoonConfig config) {
    fake.chain().putContract(ROOT.toRaw(), code("root"), CocoonRoot.encode(config), 0);
  }

  @Test
  void theRootIsReReadAndAVersionGoingBackIsRefused() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
    Clock clock = clock(now::get);
    putRoot(config(7, "127.0.0.1:1007"));
    CocoonRoot root = CocoonRoot.builder(center).address(ROOT).refreshAfter(Duration.ofMinutes(1)).clock(clock)
        .build();
    assertThat(root.config().version()).isEqualTo(7);
    assertThat(root.config().proxyAddresses()).containsExactly("127.0.0.1:1007");

    putRoot(config(8, "127.0.0.1:1008"));
    assertThat(root.config().version()).as("not re-read before the refresh period").isEqualTo(7);
    now.set(now.get().plusSeconds(61));
    assertThat(root.config().proxyAddresses()).containsExactly("127.0.0.1:1008");

    // A lagging or lying source serves an older config: it is not used.
    putRoot(config(6, "127.0.0.1:1006"));
    now.set(now.get().plusSeconds(61));
    assertThat(root.config().version()).isEqualTo(8);
    assertThat(root.config().proxyAddresses()).containsExactly("127.0.0.1:1008");
    assertThat(root.lastRefusal()).get().asString().contains("went back from 8 to 6");

    // The same version with other content: refused too.
    putRoot(config(8, "127.0.0.1:6666"));
    now.set(now.get().plusSeconds(61));
    assertThat(root.config().proxyAddresses()).containsExactly("127.0.0.1:1008");
    assertThat(root.lastRefusal()).get().asString().contains("without a new version");
  }

  @Test
  void aRootThatIsNotThereIsATypedFailure() {
    CocoonRoot root = CocoonRoot.builder(center).address(ROOT).build();
    assertThatThrownBy(root::config).isInstanceOf(VerificationException.class).hasMessageContaining("not deployed");
  }

  @Test
  void aClientContractsLifeOnChain() {
    CocoonConfig config = config(7, "127.0.0.1:1007");
    putRoot(config);
    fake.chain().runCocoonClientCode(config.clientCode());
    TonSecretKey proxyKey = TonSecretKey.generate();
    TonAddress proxyContract = CocoonContracts.proxyContract(config, PROXY_OWNER, proxyKey.publicKey());
    // The wallet's messages live by the chain's clock, which the test moves on.
    TonWallet wallet = TonWallet.of(TonSecretKey.generate(), WalletVersion.V4R2, Network.MAINNET,
        clock(() -> Instant.ofEpochSecond(fake.chain().now())));
    fake.chain().give(wallet.address().toRaw(), TonAmount.ofTon("50").nanoton());
    TonAddress mine = CocoonContracts.clientContract(config, wallet.address(), proxyContract, proxyKey.publicKey());
    CocoonProxy proxy = new CocoonProxy("127.0.0.1:1007", new byte[32], null, proxyKey.publicKey(),
        PROXY_OWNER.toRaw(), proxyContract.toRaw(), mine.toRaw(), 2);
    byte[] secret = "sixteen bytes or more".getBytes(StandardCharsets.UTF_8);

    try (TonCocoonAccount account = TonCocoonAccount.builder(center, wallet).secret(secret)
        .deposit(TonAmount.ofTon("3")).build()) {
      account.checkContracts(proxy, config);
      assertThat(account.state(proxy).status()).isEqualTo(ClientContractState.Status.NOT_DEPLOYED);
      assertThat(account.secret(proxy)).isEmpty();

      account.register(proxy, 0x1234_5678_9abc_def0L);
      ClientContractState open = account.state(proxy);
      assertThat(open.status()).isEqualTo(ClientContractState.Status.OPEN);
      assertThat(open.stake()).isEqualTo(TonAmount.ofTon("1"));
      assertThat(open.balance()).isEqualTo(TonAmount.ofTon("3"));
      assertThat(account.secret(proxy)).get().isEqualTo(secret);
      // The proxy contract heard the nonce from this client's contract.
      boolean heard = center.getTransactions(proxyContract, 100).stream()
          .map(tx -> tx.inMessage().get())
          .filter(m -> m.source().map(mine::equals).orElse(false))
          .map(m -> ClientMessages.parseProxyRequest(m.body()))
          .anyMatch(r -> r != null && r.payloadOp == ClientMessages.OP_PROXY_REGISTER
              && r.nonce == 0x1234_5678_9abc_def0L && r.owner.equals(wallet.address()));
      assertThat(heard).isTrue();

      // The proxy signs 700 tokens; the charge is checked, kept and committed.
      account.paymentStatus(proxy, SignedCharge.sign(proxyKey, 1, 700, mine, proxyContract), 700);
      account.charge(proxy);
      ClientContractState charged = account.state(proxy);
      assertThat(charged.tokensUsed()).isEqualTo(700);
      assertThat(charged.balance()).isEqualTo(TonAmount.ofTon("3").minus(config.cost(700)));
      // An older charge is not taken over the newer one.
      account.paymentStatus(proxy, SignedCharge.sign(proxyKey, 2, 600, mine, proxyContract), 700);
      assertThat(account.newestCharge(proxy).get().tokens()).isEqualTo(700);

      TonAmount walletBefore = wallet.balance(center);
      account.withdraw(proxy);
      assertThat(account.state(proxy).balance()).isEqualTo(TonAmount.ofTon("1"));
      assertThat(wallet.balance(center).isGreaterThan(walletBefore)).isTrue();

      account.requestRefund(proxy);
      assertThat(account.state(proxy).status()).isEqualTo(ClientContractState.Status.CLOSING);
      account.requestRefund(proxy);
      assertThat(account.state(proxy).status()).as("not before the delay").isEqualTo(
          ClientContractState.Status.CLOSING);
      assertThat(fake.chain().lastRejection()).isEqualTo(1011);
      fake.chain().advance(config.clientDelayBeforeClose() + 1);
      account.requestRefund(proxy);
      assertThat(account.state(proxy).status()).isEqualTo(ClientContractState.Status.CLOSED);
      assertThat(account.state(proxy).balance()).isEqualTo(TonAmount.ZERO);
    }
  }

  @Test
  void aClientRefusesChargesItCannotCheck() {
    CocoonConfig config = config(7, "127.0.0.1:1007");
    TonSecretKey proxyKey = TonSecretKey.generate();
    TonAddress mine = TonAddress.of(0, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    byte[] good = SignedCharge.sign(proxyKey, 5, 123, mine, PROXY_OWNER);
    assertThat(SignedCharge.verify(good, proxyKey.publicKey(), mine).tokens()).isEqualTo(123);
    assertThatThrownBy(() -> SignedCharge.verify(good, TonSecretKey.generate().publicKey(), mine))
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> SignedCharge.verify(good, proxyKey.publicKey(), PROXY_OWNER))
        .hasMessageContaining("another client contract");
    // Every bit of the message: refused, or (a bit in the unsigned excesses address) the same charge.
    int refused = 0;
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
      try {
        SignedCharge c = SignedCharge.verify(bad, proxyKey.publicKey(), mine);
        assertThat(c.tokens()).isEqualTo(123);
        assertThat(c.queryId()).isEqualTo(5);
      } catch (VerificationException e) {
        assertThat(e.code()).isEqualTo("cocoon_bad_signed_payment");
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(good.length * 8 / 2);
    assertThat(config.cost(2)).isEqualTo(TonAmount.ofNanoton(2_000));
  }
}
