package dev.silk.core.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeListing;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.internal.discovery.NodePool;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.AttestationVerifier;
import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.OperatorEndorsement;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Which listed nodes a discovery client may choose, without any network: filters, quarantine, balancing. */
class NodePoolTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** A provider that could pay any node (its payments are never asked for here). */
  static final PaymentProvider PAY_ANY = payer(terms -> true, terms -> true);

  /** A provider that only answers which nodes it can pay, and which without opening a channel. */
  static PaymentProvider payer(Predicate<PaymentTerms> canPay, Predicate<PaymentTerms> open) {
    return new PaymentProvider() {
      @Override
      public PaymentAuthorization authorize(PaymentRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void settled(PaymentAuthorization authorization, SignedReceipt receipt) {}

      @Override
      public void quoted(PaymentAuthorization authorization, PaymentQuote quote) {}

      @Override
      public void released(PaymentAuthorization authorization, boolean mayHaveReachedNode) {}

      @Override
      public boolean canPay(PaymentTerms terms) {
        return canPay.test(terms);
      }

      @Override
      public boolean paysWithoutOpening(PaymentTerms terms) {
        return open.test(terms);
      }
    };
  }

  private static final AttestationPolicy DEV = AttestationPolicy.builder().allowInsecureDevAttestation().build();

  @Test
  void nodesAbovethePriceCapOrFreeOrForgedOrExpiredOrPlainBeyondLoopbackAreNeverChosen() {
    List<NodeListing> listed = new ArrayList<>();
    listed.add(NodeListing.of("http://127.0.0.1:1", paid(1_000, 2_000).toBytes()));
    listed.add(NodeListing.of("http://127.0.0.1:2", paid(9_000, 2_000).toBytes())); // prompt above the cap
    listed.add(NodeListing.of("http://127.0.0.1:3", free().toBytes()));
    byte[] forged = paid(1_000, 2_000).toBytes();
    forged[forged.length - 1] ^= 1;
    listed.add(NodeListing.of("http://127.0.0.1:4", forged));
    listed.add(NodeListing.of("http://127.0.0.1:5", descriptor(PaymentTerms.tonChannel(new byte[32], "EQ", 0, 4),
        1_000, 2_000, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1))).toBytes()));
    listed.add(NodeListing.of("http://node.example:6", paid(1_000, 2_000).toBytes()));
    NodePool pool = pool(listed, DiscoveryOptions.builder()
        .maxPricePer1k(TonAmount.ofNanoton(5_000), TonAmount.ofNanoton(5_000)).build());

    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      chosen.add(pool.choose("echo", new HashSet<>()).baseUrl().toString());
    }
    assertThat(chosen).containsExactly("http://127.0.0.1:1/");
    assertThatThrownBy(() -> pool.choose("other-model", new HashSet<>())).isInstanceOfSatisfying(
        SilkIoException.class, e -> assertThat(e.code()).isEqualTo("no_node"));
  }

  @Test
  void aNodeThatAnsweredBadlyIsQuarantinedAndOneThatWasNotReachedRests() {
    NodePool pool = pool(listOf(3), DiscoveryOptions.defaults());
    NodeTarget liar = pool.choose("echo", new HashSet<>());
    liar.started();
    liar.ended(NodeTarget.Outcome.DISTRUSTED, Duration.ofMillis(1), Duration.ZERO);
    NodeTarget down = pool.choose("echo", new HashSet<>(Collections.singleton(liar)));
    down.started();
    down.ended(NodeTarget.Outcome.NOT_REACHED, Duration.ofMillis(1), Duration.ZERO);

    for (int i = 0; i < 20; i++) {
      NodeTarget t = pool.choose("echo", new HashSet<>());
      assertThat(t).isNotSameAs(liar).isNotSameAs(down);
    }
    assertThat(pool.candidates()).hasSize(2); // the quarantined one is no longer offered for pricing
  }

  @Test
  void powerOfTwoChoicesAvoidsTheSlowNode() {
    NodePool pool = pool(listOf(4), DiscoveryOptions.defaults());
    // Each node answers once: one slowly, three quickly.
    List<NodeTarget> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NodeTarget t = pool.choose("echo", new HashSet<>(seen));
      t.started();
      t.ended(NodeTarget.Outcome.ANSWERED, Duration.ofMillis(i == 0 ? 200 : 2), Duration.ZERO);
      seen.add(t);
    }
    NodeTarget slow = seen.get(0);
    AtomicInteger slowPicks = new AtomicInteger();
    for (int i = 0; i < 1_000; i++) {
      if (pool.choose("echo", new HashSet<>()) == slow) {
        slowPicks.incrementAndGet();
      }
    }
    assertThat(slowPicks.get()).as("the slow node loses every draw against a faster one").isZero();
  }

  @Test
  void paidNodesGoOnlyToWhatTheProviderCanPayPreferringOpenChannels() {
    List<SignedDescriptor> ds = new ArrayList<>();
    List<NodeListing> listed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] keyB = new byte[32];
      keyB[0] = (byte) (i + 1);
      SignedDescriptor d = descriptor(PaymentTerms.tonChannel(keyB, "EQ", 0, 4), 1_000, 2_000,
          NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
      ds.add(d);
      listed.add(NodeListing.of("http://127.0.0.1:" + (200 + i), d.toBytes()));
    }
    // No deposit left to open a channel with the fourth; a channel is open with the first.
    PaymentProvider threeOfFour = payer(terms -> terms.counterpartyKey()[0] != 4, terms -> terms.counterpartyKey()[0] == 1);
    NodePool pool = new NodePool(fetcher -> listed, DiscoveryOptions.defaults(), DEV, CLOCK, new OkHttpClient(), false,
        threeOfFour);
    int[] picks = new int[4];
    for (int i = 0; i < 600; i++) {
      picks[Integer.parseInt(pool.choose("echo", new HashSet<>()).baseUrl().port() + "") - 200]++;
    }
    assertThat(picks[3]).as("the node it cannot pay").isZero();
    assertThat(picks[0]).as("the node with an open channel wins every draw it is in").isGreaterThan(330);
  }

  @Test
  void attestationIsCheckedOnlyForTheNodesDrawn() {
    NodePool pool = pool(listOf(500), DiscoveryOptions.defaults());
    for (int i = 0; i < 10; i++) {
      pool.choose("echo", new HashSet<>());
    }
    assertThat(pool.attestedCount()).as("attested after 10 choices among 500").isBetween(1, 10);
  }

  @Test
  void attestationIsCheckedOnlyForTheChosenAndAFailureQuarantines() {
    // Without the dev opt-in every dev-attested node fails the policy, lazily, when chosen.
    NodePool pool = new NodePool(fetcher -> listOf(3), DiscoveryOptions.defaults(), AttestationPolicy.builder().build(),
        CLOCK, new OkHttpClient(), false, PAY_ANY);
    assertThat(pool.candidates()).hasSize(3);
    assertThatThrownBy(() -> pool.choose("echo", new HashSet<>())).isInstanceOf(SilkIoException.class);
    assertThat(pool.candidates()).isEmpty();
  }

  /**
   * A stand-in TEE format for these tests only (the client's bookkeeping, not the hardware, is
   * under test): evidence {@code ok:<epoch second>} holds until then, {@code refuse} fails the
   * policy, anything else is invalid evidence.
   */
  static final class FakeTee implements AttestationVerifier {
    final AtomicInteger checks = new AtomicInteger();

    @Override
    public String format() {
      return "fake-tee";
    }

    @Override
    public AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
        throws SilkCryptoException {
      checks.incrementAndGet();
      String text = new String(evidence.evidence(), StandardCharsets.US_ASCII);
      if (text.equals("refuse")) {
        throw new SilkCryptoException(ErrorCode.ATTESTATION_REJECTED, "fake-tee: TCB status OutOfDate is not accepted");
      }
      if (!text.startsWith("ok:")) {
        throw new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "fake-tee: forged");
      }
      return AttestationResult.measured("fake-tee", new byte[32], "UpToDate", Collections.<String>emptyList(),
          Instant.ofEpochSecond(Long.parseLong(text.substring(3))));
    }
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now = NOW;

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
      return now;
    }
  }

  private static SignedDescriptor attested(SigningPrivateKey key, String evidence) {
    NodeDescriptor.Builder b = NodeDescriptor.builder().signingKey(key.publicKey()).epoch(1)
        .validity(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)))
        .addHpkeKey(KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM).publicKey())
        .addModel(ModelInfo.builder("echo", "echo").prices(1_000, 2_000).maxCompletionTokens(64).build())
        .payment(PaymentTerms.tonChannel(new byte[32], "EQ", 0, 4));
    return SignedDescriptor.sign(b.attestation(AttestationEvidence.of("fake-tee",
        evidence.getBytes(StandardCharsets.US_ASCII), new byte[0])).build(), key);
  }

  @Test
  void anAttestationThatExpiresBeforeItsDescriptorIsCheckedAgain() {
    FakeTee tee = new FakeTee();
    MovableClock clock = new MovableClock();
    SignedDescriptor d = attested(SigningPrivateKey.generate(), "ok:" + NOW.plus(Duration.ofMinutes(10)).getEpochSecond());
    NodePool pool = new NodePool(fetcher -> Collections.singletonList(NodeListing.of("http://127.0.0.1:7", d.toBytes())),
        DiscoveryOptions.defaults(), AttestationPolicy.builder().addVerifier(tee).build(), clock, new OkHttpClient(),
        false, PAY_ANY);
    pool.choose("echo", new HashSet<>());
    clock.now = NOW.plus(Duration.ofMinutes(9));
    pool.choose("echo", new HashSet<>());
    assertThat(tee.checks.get()).as("checked once while it holds").isEqualTo(1);
    clock.now = NOW.plus(Duration.ofMinutes(11));
    pool.choose("echo", new HashSet<>());
    assertThat(tee.checks.get()).as("checked again once the attestation (not the descriptor) expired").isEqualTo(2);
  }

  @Test
  void aPolicyRefusalSetsTheDescriptorAsideButInvalidEvidenceQuarantinesTheNode() {
    FakeTee tee = new FakeTee();
    MovableClock clock = new MovableClock();
    SigningPrivateKey refusedKey = SigningPrivateKey.generate();
    SigningPrivateKey forgerKey = SigningPrivateKey.generate();
    String ok = "ok:" + NOW.plus(Duration.ofDays(1)).getEpochSecond();
    List<NodeListing> listed = new ArrayList<>();
    listed.add(NodeListing.of("http://127.0.0.1:8", attested(refusedKey, "refuse").toBytes()));
    listed.add(NodeListing.of("http://127.0.0.1:9", attested(forgerKey, "forged").toBytes()));
    List<NodeListing> source = Collections.synchronizedList(listed);
    NodePool pool = new NodePool(fetcher -> new ArrayList<>(source), DiscoveryOptions.defaults(),
        AttestationPolicy.builder().addVerifier(tee).build(), clock, new OkHttpClient(), false, PAY_ANY);
    assertThatThrownBy(() -> pool.choose("echo", new HashSet<>())).isInstanceOf(SilkIoException.class);
    assertThat(pool.candidates()).isEmpty();

    // Both nodes list new, acceptable descriptors (fresh collateral, say).
    source.clear();
    source.add(NodeListing.of("http://127.0.0.1:8", attested(refusedKey, ok).toBytes()));
    source.add(NodeListing.of("http://127.0.0.1:9", attested(forgerKey, ok).toBytes()));
    clock.now = NOW.plus(DiscoveryOptions.defaults().refreshInterval()).plusSeconds(1);
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      chosen.add(pool.choose("echo", new HashSet<>()).baseUrl().toString());
    }
    assertThat(chosen).as("the refused node is back; the one that sent forged evidence is not")
        .containsExactly("http://127.0.0.1:8/");
  }

  /** A dev-attested paid descriptor for a fresh node key, endorsed by {@code operator}. */
  private static SignedDescriptor operated(SigningPrivateKey operator) {
    SigningPrivateKey key = SigningPrivateKey.generate();
    Instant until = NOW.plus(Duration.ofHours(1));
    NodeDescriptor.Builder b = NodeDescriptor.builder().signingKey(key.publicKey()).epoch(NOW.getEpochSecond())
        .validity(NOW.minus(Duration.ofHours(1)), until)
        .addHpkeKey(KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM).publicKey())
        .addModel(ModelInfo.builder("echo", "echo").prices(1_000, 2_000).maxCompletionTokens(64).build())
        .payment(PaymentTerms.tonChannel(new byte[32], "EQ", 0, 4))
        .operator(OperatorEndorsement.sign(operator, key.publicKey(), NOW.getEpochSecond(), until));
    return SignedDescriptor.sign(b.attestation(DevAttestation.evidence(b.keyBinding())).build(), key);
  }

  @Test
  void aCheatingNodesOperatorStaysQuarantinedAfterTheNodeRebootsWithNewKeys() {
    SigningPrivateKey cheater = SigningPrivateKey.generate();
    SigningPrivateKey honest = SigningPrivateKey.generate();
    MovableClock clock = new MovableClock();
    List<NodeListing> source = Collections.synchronizedList(new ArrayList<>());
    source.add(NodeListing.of("http://127.0.0.1:10", operated(cheater).toBytes()));
    NodePool pool = new NodePool(fetcher -> new ArrayList<>(source), DiscoveryOptions.defaults(), DEV, clock,
        new OkHttpClient(), false, PAY_ANY);
    NodeTarget liar = pool.choose("echo", new HashSet<>());
    liar.started();
    liar.ended(NodeTarget.Outcome.DISTRUSTED, Duration.ofMillis(1), Duration.ZERO);

    // It reboots (new node key, new node id, same operator) next to an honest operator's node.
    source.clear();
    source.add(NodeListing.of("http://127.0.0.1:10", operated(cheater).toBytes()));
    source.add(NodeListing.of("http://127.0.0.1:11", operated(honest).toBytes()));
    clock.now = NOW.plus(DiscoveryOptions.defaults().refreshInterval()).plusSeconds(1);
    for (int i = 0; i < 20; i++) {
      assertThat(pool.choose("echo", new HashSet<>()).baseUrl().toString()).isEqualTo("http://127.0.0.1:11/");
    }
    assertThat(pool.candidates()).hasSize(1);
  }

  private static NodePool pool(List<NodeListing> listed, DiscoveryOptions options) {
    NodeSource source = fetcher -> listed;
    return new NodePool(source, options, DEV, CLOCK, new OkHttpClient(), false, PAY_ANY);
  }

  private static List<NodeListing> listOf(int n) {
    List<NodeListing> listed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      listed.add(NodeListing.of("http://127.0.0.1:" + (100 + i), paid(1_000, 2_000).toBytes()));
    }
    return listed;
  }

  private static SignedDescriptor paid(long prompt, long completion) {
    return descriptor(PaymentTerms.tonChannel(new byte[32], "EQ", 0, 4), prompt, completion,
        NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
  }

  private static SignedDescriptor free() {
    return descriptor(PaymentTerms.free(), 0, 0, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
  }

  static SignedDescriptor descriptor(PaymentTerms terms, long prompt, long completion, Instant from, Instant to) {
    SigningPrivateKey key = SigningPrivateKey.generate();
    NodeDescriptor.Builder b = NodeDescriptor.builder().signingKey(key.publicKey()).epoch(1).validity(from, to)
        .addHpkeKey(KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM).publicKey())
        .addModel(ModelInfo.builder("echo", "echo").prices(prompt, completion).maxCompletionTokens(64).build())
        .payment(terms);
    return SignedDescriptor.sign(b.attestation(DevAttestation.evidence(b.keyBinding())).build(), key);
  }
}
