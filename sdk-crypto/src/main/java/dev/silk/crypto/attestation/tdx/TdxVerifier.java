package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.AttestationVerifier;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Hashes;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Verifies {@code tdx} attestation in pure Java (spec-v1 §8.2): the PCK certificate chain up to
 * the pinned Intel SGX Root CA and its validity at the given instant, the QE report signature
 * by the PCK key, the binding of the attestation key and QE authentication data into the QE
 * report, the quote signature by the attestation key, debug TDs refused, the report data equal
 * to the descriptor's key binding, the measurement on an allow-list (image hash or MRTD), and
 * the platform's TCB from Intel's signed collateral (TCB info, QE identity, CRLs; see
 * {@link TdxCollateral}).
 *
 * <p>By default only {@link TdxTcbStatus#UP_TO_DATE} platforms with current collateral are
 * accepted: a node that sends no collateral, or collateral past its next update, or a
 * platform Intel rates out of date is refused ({@code attestation_rejected}, with the reason).
 * {@link Builder#acceptTcbStatus}, {@link Builder#collateralGracePeriod} and
 * {@link Builder#allowMissingCollateral} relax that, each explicitly. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * AttestationPolicy policy = AttestationPolicy.builder()
 *     .addVerifier(TdxVerifier.builder().allowImageHash(imageHash).build())
 *     .build();
 * }</pre>
 */
public final class TdxVerifier implements AttestationVerifier {
  private static final Logger LOG = Logger.getLogger(TdxVerifier.class.getName());
  /** The format name. */
  public static final String FORMAT = "tdx";
  /** SHA-256 of the DER of Intel SGX Root CA (CN=Intel SGX Root CA, 2018-05-21 to 2049-12-31). */
  public static final String INTEL_SGX_ROOT_CA_SHA256 =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  private final byte[] pinnedRootSha256;
  private final Set<String> allowedImageHashes;
  private final Set<String> allowedMrTds;
  private final Set<TdxTcbStatus> acceptedTcbStatuses;
  private final boolean allowMissingCollateral;
  private final Duration collateralGracePeriod;
  /** Intel's signatures already checked: certificates, CRLs, documents and QE reports repeat across descriptors. */
  private final SignatureMemo signatures = new SignatureMemo();

  private TdxVerifier(Builder b) {
    this.pinnedRootSha256 = b.pinnedRootSha256;
    this.allowedImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.imageHashes));
    this.allowedMrTds = Collections.unmodifiableSet(new LinkedHashSet<>(b.mrTds));
    this.acceptedTcbStatuses = Collections.unmodifiableSet(EnumSet.copyOf(b.tcbStatuses));
    this.allowMissingCollateral = b.allowMissingCollateral;
    this.collateralGracePeriod = b.collateralGracePeriod;
  }

  /** A verifier pinned to the Intel SGX Root CA. */
  public static Builder builder() {
    return new Builder(Hex.decode(INTEL_SGX_ROOT_CA_SHA256));
  }

  /** For tests only: a verifier pinned to another root (by the SHA-256 of its DER). */
  public static Builder builderPinnedToTestRoot(byte[] rootDerSha256) {
    if (Objects.requireNonNull(rootDerSha256, "rootDerSha256").length != 32) {
      throw new IllegalArgumentException("a SHA-256 is 32 bytes");
    }
    return new Builder(rootDerSha256.clone());
  }

  /** The pinned root's SHA-256, hex. */
  public String pinnedRoot() {
    return Hex.encode(pinnedRootSha256);
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
      throws SilkCryptoException {
    TdxQuote quote = TdxQuote.parse(evidence.evidence());
    List<X509Certificate> chain = checkQuote(quote, now);
    TdxMeasurements m = quote.measurements();
    if (!Hashes.constantTimeEquals(m.reportData(), expectedReportData)) {
      throw IntelPki.invalid("report data does not bind the descriptor's keys, epoch and expiry");
    }
    String image = Hex.encode(m.imageHash());
    if (!allowedImageHashes.contains(image) && !allowedMrTds.contains(Hex.encode(m.mrTd()))) {
      throw new SilkCryptoException(ErrorCode.UNKNOWN_MEASUREMENT, "image hash " + image + " is not allowed");
    }
    Instant certificatesExpire = chain.get(0).getNotAfter().toInstant();
    for (X509Certificate cert : chain) {
      certificatesExpire = earlier(certificatesExpire, cert.getNotAfter().toInstant());
    }
    if (evidence.collateral().length == 0) {
      if (!allowMissingCollateral) {
        throw rejected("the node sent no collateral, so its TCB status is unknown"
            + " (allowMissingCollateral() accepts that)");
      }
      return AttestationResult.measured(FORMAT, m.imageHash(), AttestationResult.TCB_UNKNOWN,
          Collections.<String>emptyList(), certificatesExpire);
    }
    TdxTcbEvaluation tcb = TcbEvaluator.evaluate(quote, chain, TdxCollateral.decode(evidence.collateral()),
        pinnedRootSha256, now, signatures);
    checkAccepted(tcb, now);
    return AttestationResult.measured(FORMAT, m.imageHash(), tcb.status().intelName(), tcb.advisoryIds(),
        earlier(certificatesExpire, tcb.collateralNextUpdate().plus(collateralGracePeriod)));
  }

  /**
   * Checks everything but the report data, the allow-list and the TCB: chain to the pinned root
   * valid at {@code now}, QE report signature and binding, quote signature, not a debug TD.
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} with the reason
   */
  public TdxMeasurements verifyQuote(TdxQuote quote, Instant now) throws SilkCryptoException {
    checkQuote(quote, now);
    return quote.measurements();
  }

  /**
   * Checks the quote as {@link #verifyQuote} does and its collateral (every signature, chain
   * and CRL; the TCB info for this platform; the quoting enclave and TDX module against their
   * identities), and reads the TCB status. It does not apply this verifier's acceptance rules:
   * see {@link #checkAccepted}.
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_INVALID} or
   *     {@link ErrorCode#MALFORMED} with the reason
   */
  public TdxTcbEvaluation evaluateTcb(TdxQuote quote, TdxCollateral collateral, Instant now) throws SilkCryptoException {
    return TcbEvaluator.evaluate(quote, checkQuote(quote, now), Objects.requireNonNull(collateral, "collateral"),
        pinnedRootSha256, now, signatures);
  }

  /**
   * Applies this verifier's TCB rules to an evaluation: the status must be accepted and the
   * collateral current at {@code now} (past its next update by at most the grace period).
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_REJECTED} with the reason
   */
  public void checkAccepted(TdxTcbEvaluation tcb, Instant now) throws SilkCryptoException {
    if (!acceptedTcbStatuses.contains(tcb.status())) {
      throw rejected("TCB status " + tcb.status().intelName() + (tcb.advisoryIds().isEmpty() ? "" : " "
          + tcb.advisoryIds()) + " is not accepted (accepted: " + names(acceptedTcbStatuses) + ")");
    }
    if (now.isAfter(tcb.collateralNextUpdate().plus(collateralGracePeriod))) {
      throw rejected("collateral expired at " + tcb.collateralNextUpdate()
          + (collateralGracePeriod.isZero() ? "" : " (+ grace " + collateralGracePeriod + ")")
          + "; the node must refresh it from Intel PCS");
    }
  }

  /** The quote's PCK chain, checked; then the QE report and quote signatures. */
  private List<X509Certificate> checkQuote(TdxQuote quote, Instant now) throws SilkCryptoException {
    if (quote.measurements().debug()) {
      throw IntelPki.invalid("debug TD: its memory is readable by the host");
    }
    List<X509Certificate> chain = IntelPki.certificates(quote.pckChain(), "PCK certificate");
    IntelPki.checkChain(chain, pinnedRootSha256, now, "PCK certificate chain", signatures);
    if (!signatures.verify(chain.get(0).getPublicKey(), quote.qeReport(), quote.qeReportSignature())) {
      throw IntelPki.invalid("QE report is not signed by the PCK certificate");
    }
    byte[] reportData = Arrays.copyOfRange(quote.qeReport(), 320, 384);
    byte[] expected = Hashes.sha256(quote.attestationKey(), quote.qeAuthData());
    if (!Arrays.equals(Arrays.copyOf(reportData, 32), expected)
        || !Arrays.equals(Arrays.copyOfRange(reportData, 32, 64), new byte[32])) {
      throw IntelPki.invalid("QE report does not bind the attestation key");
    }
    // The one signature that is new in every quote: not worth remembering.
    if (!IntelPki.DIRECT.verify(IntelPki.p256Point(quote.attestationKey()), quote.signedPart(), quote.quoteSignature())) {
      throw IntelPki.invalid("quote signature does not verify under the attestation key");
    }
    return chain;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String names(Set<TdxTcbStatus> statuses) {
    StringBuilder b = new StringBuilder();
    for (TdxTcbStatus s : statuses) {
      b.append(b.length() == 0 ? "" : ", ").append(s.intelName());
    }
    return b.toString();
  }

  private static SilkCryptoException rejected(String reason) {
    return new SilkCryptoException(ErrorCode.ATTESTATION_REJECTED, "tdx: " + reason);
  }

  /** Builds a {@link TdxVerifier}; not thread-safe. */
  public static final class Builder {
    private final byte[] pinnedRootSha256;
    private final Set<String> imageHashes = new LinkedHashSet<>();
    private final Set<String> mrTds = new LinkedHashSet<>();
    private final Set<TdxTcbStatus> tcbStatuses = EnumSet.of(TdxTcbStatus.UP_TO_DATE);
    private boolean allowMissingCollateral;
    private Duration collateralGracePeriod = Duration.ZERO;

    private Builder(byte[] pinnedRootSha256) {
      this.pinnedRootSha256 = pinnedRootSha256;
    }

    /** Accepts TDs whose COCOON-style image hash (32 bytes) is this one. */
    public Builder allowImageHash(byte[] imageHash) {
      if (Objects.requireNonNull(imageHash, "imageHash").length != 32) {
        throw new IllegalArgumentException("an image hash is 32 bytes");
      }
      imageHashes.add(Hex.encode(imageHash));
      return this;
    }

    /** Accepts TDs with this MRTD (48 bytes), whatever their RTMRs. */
    public Builder allowMrTd(byte[] mrTd) {
      if (Objects.requireNonNull(mrTd, "mrTd").length != 48) {
        throw new IllegalArgumentException("an MRTD is 48 bytes");
      }
      mrTds.add(Hex.encode(mrTd));
      return this;
    }

    /**
     * Also accepts platforms with these TCB statuses ({@link TdxTcbStatus#UP_TO_DATE} always
     * is), for example {@link TdxTcbStatus#SW_HARDENING_NEEDED} where the advisories are
     * mitigated in software. Revoked and unknown cannot be accepted here.
     */
    public Builder acceptTcbStatus(TdxTcbStatus... statuses) {
      for (TdxTcbStatus status : statuses) {
        if (Objects.requireNonNull(status, "status") == TdxTcbStatus.REVOKED) {
          throw new IllegalArgumentException("a revoked TCB is never accepted");
        }
        if (status == TdxTcbStatus.UNKNOWN) {
          throw new IllegalArgumentException("an unknown TCB is accepted with allowMissingCollateral()");
        }
        tcbStatuses.add(status);
      }
      return this;
    }

    /**
     * Accepts collateral up to {@code grace} past its next update (default zero). Intel
     * publishes new TCB info about monthly; a short grace covers a node that could not reach
     * Intel's PCS for a while, at the cost of missing a TCB recovery announced meanwhile.
     */
    public Builder collateralGracePeriod(Duration grace) {
      if (Objects.requireNonNull(grace, "grace").isNegative()) {
        throw new IllegalArgumentException("the grace period must not be negative");
      }
      this.collateralGracePeriod = grace;
      return this;
    }

    /**
     * Accepts nodes that send no collateral: their quote is genuine, but whether their
     * platform is patched is unknown ({@link AttestationResult#tcbStatus()} says
     * {@code unknown}). Logged as a warning.
     */
    public Builder allowMissingCollateral() {
      if (dev.silk.crypto.LoudWarnings.shouldLog("tdx-without-collateral")) {
        LOG.warning("Silk: tdx nodes without collateral are accepted: their TCB (patch level) is not checked.");
      }
      this.allowMissingCollateral = true;
      return this;
    }

    public TdxVerifier build() {
      return new TdxVerifier(this);
    }
  }
}
