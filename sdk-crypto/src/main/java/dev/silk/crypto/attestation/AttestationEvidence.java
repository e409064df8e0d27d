package dev.silk.crypto.attestation;

import java.util.Objects;

/**
 * A node's attestation as carried in its descriptor (spec-v1 §8): a format name ({@code "dev"}
 * or {@code "tdx"}), the evidence bytes (for TDX, a DCAP quote) and optional collateral (for
 * TDX, Intel's, encoded by {@code TdxCollateral}).
 * Immutable and thread-safe.
 */
public final class AttestationEvidence {
  /** Longest format name. */
  public static final int MAX_FORMAT = 32;
  /** Largest evidence. */
  public static final int MAX_EVIDENCE = 256 << 10;
  /** Largest collateral. */
  public static final int MAX_COLLATERAL = 512 << 10;

  private final String format;
  private final byte[] evidence;
  private final byte[] collateral;

  private AttestationEvidence(String format, byte[] evidence, byte[] collateral) {
    this.format = format;
    this.evidence = evidence;
    this.collateral = collateral;
  }

  /** @throws IllegalArgumentException if a part is empty or too long */
  public static AttestationEvidence of(String format, byte[] evidence, byte[] collateral) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(collateral, "collateral");
    if (format.isEmpty() || format.length() > MAX_FORMAT || !format.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("format must be 1-32 characters of [a-z0-9-]");
    }
    if (evidence.length > MAX_EVIDENCE || collateral.length > MAX_COLLATERAL) {
      throw new IllegalArgumentException("evidence or collateral too large");
    }
    return new AttestationEvidence(format, evidence.clone(), collateral.clone());
  }

  public String format() {
    return format;
  }

  public byte[] evidence() {
    return evidence.clone();
  }

  public byte[] collateral() {
    return collateral.clone();
  }

  @Override
  public String toString() {
    return "AttestationEvidence[" + format + ", " + evidence.length + " bytes, collateral "
        + collateral.length + " bytes]";
  }
}
