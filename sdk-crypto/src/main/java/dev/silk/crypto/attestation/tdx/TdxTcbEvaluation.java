package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.encoding.Hex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Intel's signed collateral says about a TDX quote's platform: the overall TCB status
 * (platform, TD quoting enclave and TDX module combined as Intel's quote verification library
 * does), each part's own status, the advisories that apply, and how long the collateral is
 * current. Produced by {@link TdxVerifier#evaluateTcb} after every signature, chain and CRL
 * checked out. Immutable and thread-safe.
 */
public final class TdxTcbEvaluation {
  private final TdxTcbStatus status;
  private final TdxTcbStatus platformStatus;
  private final TdxTcbStatus qeStatus;
  private final TdxTcbStatus moduleStatus;
  private final List<String> advisoryIds;
  private final byte[] fmspc;
  private final Instant tcbDate;
  private final int tcbEvaluationDataNumber;
  private final Instant issuedAt;
  private final Instant nextUpdate;

  TdxTcbEvaluation(TdxTcbStatus platformStatus, TdxTcbStatus qeStatus, TdxTcbStatus moduleStatus,
      List<List<String>> advisories, byte[] fmspc, Instant tcbDate, int tcbEvaluationDataNumber, Instant issuedAt,
      Instant nextUpdate) {
    this.platformStatus = Objects.requireNonNull(platformStatus);
    this.qeStatus = Objects.requireNonNull(qeStatus);
    this.moduleStatus = Objects.requireNonNull(moduleStatus);
    this.status = platformStatus.with(qeStatus).with(moduleStatus);
    Set<String> ids = new LinkedHashSet<>();
    for (List<String> list : advisories) {
      ids.addAll(list);
    }
    this.advisoryIds = Collections.unmodifiableList(new ArrayList<>(ids));
    this.fmspc = fmspc.clone();
    this.tcbDate = tcbDate;
    this.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    this.issuedAt = issuedAt;
    this.nextUpdate = nextUpdate;
  }

  /** The combined status: what a policy accepts or refuses. */
  public TdxTcbStatus status() {
    return status;
  }

  /** The status of the platform's TCB level (CPU microcode, SEAM loader, TDX module SVNs, PCE). */
  public TdxTcbStatus platformStatus() {
    return platformStatus;
  }

  /** The TD quoting enclave's status, from its ISV SVN in the QE identity. */
  public TdxTcbStatus qeStatus() {
    return qeStatus;
  }

  /** The TDX module's status, from its identity in the TCB info (up to date when the TCB info lists none). */
  public TdxTcbStatus moduleStatus() {
    return moduleStatus;
  }

  /** Intel's security advisories (for example {@code INTEL-SA-01036}) that apply, without repeats. */
  public List<String> advisoryIds() {
    return advisoryIds;
  }

  /** The platform model's FMSPC, hex. */
  public String fmspc() {
    return Hex.encode(fmspc);
  }

  /** The date of the platform's matching TCB level. */
  public Instant tcbDate() {
    return tcbDate;
  }

  /** Intel's TCB evaluation data number of the TCB info (higher is newer). */
  public int tcbEvaluationDataNumber() {
    return tcbEvaluationDataNumber;
  }

  /** The latest issue date among the TCB info, QE identity and both CRLs. */
  public Instant collateralIssuedAt() {
    return issuedAt;
  }

  /** The earliest next update among the TCB info, QE identity and both CRLs: the collateral is current until then. */
  public Instant collateralNextUpdate() {
    return nextUpdate;
  }

  @Override
  public String toString() {
    return "TdxTcbEvaluation[" + status.intelName() + " (platform " + platformStatus.intelName() + ", qe "
        + qeStatus.intelName() + ", module " + moduleStatus.intelName() + "), fmspc " + fmspc() + ", advisories "
        + advisoryIds + ", collateral current until " + nextUpdate + "]";
  }
}
