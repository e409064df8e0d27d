package dev.silk.node.tee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.node.MovableClock;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's tdx evidence with the real quote replayed (no TDX guest here) and Intel's real
 * collateral: what it serves verifies under clients' default policy, and failures to get
 * collateral are handled as the node promises.
 */
class TdxAttesterTest {
  /** Counts fetches, and fails them when told to. */
  private static final class CountingSource implements CollateralSource {
    final CollateralSource delegate;
    final AtomicInteger fetches = new AtomicInteger();
    volatile boolean down;

    CountingSource(CollateralSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public TdxCollateral fetch(TdxQuote quote) throws IOException {
      fetches.incrementAndGet();
      if (down) {
        throw new IOException("PCS unreachable");
      }
      return delegate.fetch(quote);
    }

    @Override
    public String toString() {
      return "test source";
    }
  }

  private byte[] quote;
  private byte[] binding;
  private final CountingSource source = new CountingSource(new CollateralFile(RealTdxData.collateralFile()));
  private final MovableClock clock = new MovableClock(RealTdxData.CURRENT);

  @org.junit.jupiter.api.BeforeEach
  void readQuote() throws Exception {
    quote = RealTdxData.quote();
    binding = TdxQuote.parse(quote).measurements().reportData();
  }

  /** An attester over the replayed quote, refreshing every 6 h. */
  private TdxAttester attester(CollateralSource collateral, Clock clock) {
    return new TdxAttester(new RealTdxData.ReplayedQuoteForTests(quote), collateral, clock, Duration.ofHours(6));
  }

  @Test
  void servesTheQuoteWithCollateralThatClientsDefaultPolicyAccepts() throws Exception {
    TdxAttester attester = attester(source, clock);

    AttestationEvidence evidence = attester.evidence(binding);
    assertThat(evidence.format()).isEqualTo("tdx");
    assertThat(evidence.evidence()).isEqualTo(quote);
    AttestationResult result = TdxVerifier.builder().allowImageHash(TdxQuote.parse(quote).measurements().imageHash())
        .build().verify(evidence, binding, clock.instant());
    assertThat(result.tcbStatus()).isEqualTo("UpToDate");

    clock.advance(Duration.ofHours(1));
    assertThat(attester.evidence(binding)).as("same binding, collateral not due: the same evidence").isSameAs(evidence);
    assertThat(source.fetches.get()).isEqualTo(1);
    clock.advance(Duration.ofHours(6));
    assertThat(attester.evidence(binding)).as("unchanged collateral, same binding: still the same evidence")
        .isSameAs(evidence);
    assertThat(source.fetches.get()).as("fetched again after the refresh interval").isEqualTo(2);
  }

  @Test
  void aFailedRefreshKeepsTheLastGoodCollateralButNoneAtStartRefusesToServe() throws Exception {
    TdxAttester attester = attester(source, clock);
    byte[] first = attester.evidence(binding).collateral();
    source.down = true;
    clock.advance(Duration.ofHours(7));
    assertThat(attester.evidence(binding).collateral()).isEqualTo(first);

    TdxAttester fresh = attester(source, clock);
    assertThatThrownBy(() -> fresh.evidence(binding)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no collateral from test source").hasMessageContaining("PCS unreachable");
  }

  @Test
  void collateralForAnotherPlatformIsNeverServed() throws Exception {
    java.util.Map<String, Object> json = RealTdxData.collateralJson();
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> other = (java.util.Map<String, Object>) new com.squareup.moshi.Moshi.Builder().build()
        .adapter(Object.class).fromJson(new String(java.nio.file.Files.readAllBytes(RealTdxData.collateralFile()
            .resolveSibling("tcb-info-b0c06f000000.json")), java.nio.charset.StandardCharsets.UTF_8));
    json.put("tcb_info", other.get("tcb_info"));
    json.put("tcb_info_signature", other.get("tcb_info_signature"));
    java.nio.file.Path file = java.nio.file.Files.createTempFile("collateral", ".json");
    java.nio.file.Files.write(file, new com.squareup.moshi.Moshi.Builder().build().adapter(Object.class).toJson(json)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TdxAttester attester = attester(new CollateralFile(file), clock);
    assertThatThrownBy(() -> attester.evidence(binding)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TCB info is for FMSPC b0c06f000000");
    java.nio.file.Files.delete(file);
  }

  @Test
  void anExpiredQuoteOrAQuoteForOtherKeysIsNeverServed() throws Exception {
    TdxAttester attester = attester(source, Clock.fixed(Instant.parse("2040-01-01T00:00:00Z"), ZoneOffset.UTC));
    assertThatThrownBy(() -> attester.evidence(binding)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot attest with tdx").hasMessageContaining("is not valid at");

    byte[] otherKeys = binding.clone();
    otherKeys[0] ^= 1;
    TdxAttester now = attester(null, clock);
    assertThatThrownBy(() -> now.evidence(otherKeys)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not carry this node's key binding");
    assertThat(now.evidence(binding).collateral()).as("no collateral source: none served").isEmpty();
  }
}
