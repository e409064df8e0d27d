package dev.silk.crypto.attestation;

import dev.silk.crypto.encoding.Hex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful attestation check established: the format, the measurement of the code
 * (empty for {@code dev}), whether it proves nothing ({@link #insecure()}), the hardware
 * vendor's verdict on the platform's TCB with its advisories, and until when the check holds
 * ({@link #validUntil()}: certificates and collateral expire, so a cached result must be
 * renewed by then). Immutable and thread-safe.
 */
public final class AttestationResult {
  /** The {@link #tcbStatus()} when nothing is known about the platform's TCB. */
  public static final String TCB_UNKNOWN = "unknown";

  private final String format;
  private final byte[] measurement;
  private final boolean insecure;
  private final String tcbStatus;
  private final List<String> advisoryIds;
  private final Instant validUntil;

  private AttestationResult(String format, byte[] measurement, boolean insecure, String tcbStatus,
      List<String> advisoryIds, Instant validUntil) {
    this.format = Objects.requireNonNull(format, "format");
    this.measurement = measurement;
    this.insecure = insecure;
    this.tcbStatus = Objects.requireNonNull(tcbStatus, "tcbStatus");
    this.advisoryIds = Collections.unmodifiableList(new ArrayList<>(advisoryIds));
    this.validUntil = validUntil;
  }

  /** A result backed by hardware evidence of the code identified by {@code measurement}, TCB unknown. */
  public static AttestationResult measured(String format, byte[] measurement) {
    return new AttestationResult(format, measurement.clone(), false, TCB_UNKNOWN, Collections.<String>emptyList(), null);
  }

  /**
   * A result backed by hardware evidence, with the vendor's TCB verdict (for TDX, Intel's
   * names such as {@code "UpToDate"}), the advisories that apply, and the instant after which
   * the evidence must be checked again (null: no limit of its own).
   */
  public static AttestationResult measured(String format, byte[] measurement, String tcbStatus, List<String> advisoryIds,
      Instant validUntil) {
    return new AttestationResult(format, measurement.clone(), false, tcbStatus, advisoryIds, validUntil);
  }

  /** A result that proves nothing about the node's code, for local development only. */
  public static AttestationResult insecure(String format) {
    return new AttestationResult(format, new byte[0], true, TCB_UNKNOWN, Collections.<String>emptyList(), null);
  }

  public String format() {
    return format;
  }

  public byte[] measurement() {
    return measurement.clone();
  }

  /** True when no hardware vouches for the node: the {@code dev} format. */
  public boolean insecure() {
    return insecure;
  }

  /** The platform vendor's TCB verdict, for example {@code "UpToDate"}; {@link #TCB_UNKNOWN} without collateral. */
  public String tcbStatus() {
    return tcbStatus;
  }

  /** The vendor's security advisories that apply to the platform (for TDX, {@code INTEL-SA-…}). */
  public List<String> advisoryIds() {
    return advisoryIds;
  }

  /** When this result stops holding (a certificate or the collateral expires); empty if only the descriptor limits it. */
  public Optional<Instant> validUntil() {
    return Optional.ofNullable(validUntil);
  }

  @Override
  public String toString() {
    return "AttestationResult[" + format + (insecure ? ", INSECURE" : ", measurement=" + Hex.encode(measurement)
        + ", tcb=" + tcbStatus + (advisoryIds.isEmpty() ? "" : " " + advisoryIds)) + "]";
  }
}
