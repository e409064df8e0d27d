package dev.silk.node.tee;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxTcbEvaluation;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.encoding.Hex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code tdx} node's evidence: a quote over the descriptor's key binding from configfs-tsm,
 * with Intel's collateral for the platform, both checked here before they are served (as a
 * client will check them). The collateral is fetched again every {@code refresh} or a day
 * before its next update; when a fetch fails the last good collateral stays. The same binding
 * gets the same evidence, so an unchanged descriptor keeps its bytes. Thread-safe.
 */
public final class TdxAttester {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");
  private static final Duration BEFORE_NEXT_UPDATE = Duration.ofDays(1);

  /** Produces a quote over 64 bytes of report data (configfs-tsm on a TDX guest). */
  public interface QuoteSource {
    byte[] quote(byte[] reportData) throws IOException;
  }

  private final QuoteSource quotes;
  private final CollateralSource collateralSource;
  private final Clock clock;
  private final Duration refresh;
  private final TdxVerifier verifier = TdxVerifier.builder().build();
  private TdxCollateral collateral;
  private Instant fetchedAt = Instant.MIN;
  private Instant nextUpdate = Instant.MIN;
  private byte[] lastBinding;
  private AttestationEvidence lastEvidence;

  /** @param collateralSource null: serve quotes without collateral (clients' default policy refuses them) */
  public TdxAttester(QuoteSource quotes, CollateralSource collateralSource, Clock clock, Duration refresh) {
    this.quotes = Objects.requireNonNull(quotes, "quotes");
    this.collateralSource = collateralSource;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
  }

  /**
   * Evidence for {@code binding} (the descriptor's key binding).
   *
   * @throws IllegalStateException if no valid quote can be had, or the first collateral does not
   *     verify for it: the node must not serve then
   */
  public synchronized AttestationEvidence evidence(byte[] binding) {
    Instant now = clock.instant();
    boolean collateralDue = collateralSource != null
        && (!now.isBefore(fetchedAt.plus(refresh)) || !now.isBefore(nextUpdate.minus(BEFORE_NEXT_UPDATE)));
    boolean sameBinding = lastEvidence != null && Arrays.equals(binding, lastBinding);
    if (sameBinding && !collateralDue) {
      return lastEvidence;
    }
    try {
      // A quote is taken only for a new binding: a collateral refresh alone keeps the quote, and
      // unchanged collateral keeps the very same evidence (and descriptor bytes).
      byte[] raw = sameBinding ? lastEvidence.evidence() : TdxQuote.withoutZeroPadding(quotes.quote(binding));
      TdxQuote quote = TdxQuote.parse(raw);
      if (!Arrays.equals(verifier.verifyQuote(quote, now).reportData(), binding)) {
        throw new IllegalStateException("the TD's quote does not carry this node's key binding");
      }
      if (collateralDue) {
        refreshCollateral(quote, now);
      }
      AttestationEvidence next = AttestationEvidence.of(TdxVerifier.FORMAT, raw,
          collateral == null ? new byte[0] : collateral.encode());
      if (!sameBinding || !Arrays.equals(next.collateral(), lastEvidence.collateral())) {
        lastBinding = binding.clone();
        lastEvidence = next;
      }
      return lastEvidence;
    } catch (IOException | SilkCryptoException e) {
      throw new IllegalStateException("cannot attest with tdx: " + e.getMessage(), e);
    }
  }

  private void refreshCollateral(TdxQuote quote, Instant now) throws SilkCryptoException {
    try {
      TdxCollateral fresh = collateralSource.fetch(quote);
      TdxTcbEvaluation tcb = verifier.evaluateTcb(quote, fresh, now);
      collateral = fresh;
      nextUpdate = tcb.collateralNextUpdate();
      LOG.info("tdx collateral from {}: TCB {}{} (fmspc {}, current until {})", collateralSource,
          tcb.status().intelName(), tcb.advisoryIds().isEmpty() ? "" : " " + tcb.advisoryIds(), tcb.fmspc(),
          tcb.collateralNextUpdate());
    } catch (IOException | SilkCryptoException e) {
      if (collateral == null) {
        if (e instanceof SilkCryptoException) {
          throw (SilkCryptoException) e;
        }
        throw new IllegalStateException("cannot attest with tdx: no collateral from " + collateralSource + ": "
            + e.getMessage(), e);
      }
      LOG.warn("tdx collateral from {} not refreshed ({}); serving the previous one, current until {}",
          collateralSource, e.getMessage(), nextUpdate);
    } finally {
      fetchedAt = now;
    }
  }

  /** The quote's image hash, for the start-up log. */
  public static String imageHash(AttestationEvidence evidence) {
    try {
      return Hex.encode(TdxQuote.parse(evidence.evidence()).measurements().imageHash());
    } catch (SilkCryptoException e) {
      return "?";
    }
  }
}
