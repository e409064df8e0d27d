package dev.silk.crypto.attestation;

import dev.silk.crypto.internal.Hex;
import java.util.Objects;

/**
 * What a successful attestation check established: the format, the measurement of the code
 * (empty for {@code dev}), and whether it proves nothing ({@link #insecure()}). Immutable and
 * thread-safe.
 */
public final class AttestationResult {
  private final String format;
  private final byte[] measurement;
  private final boolean insecure;

  private AttestationResult(String format, byte[] measurement, boolean insecure) {
    this.format = format;
    this.measurement = measurement;
    this.insecure = insecure;
  }

  /** A result backed by hardware evidence of the code identified by {@code measurement}. */
  public static AttestationResult measured(String format, byte[] measurement) {
    return new AttestationResult(Objects.requireNonNull(format), measurement.clone(), false);
  }

  /** A result that proves nothing about the node's code, for local development only. */
  public static AttestationResult insecure(String format) {
    return new AttestationResult(Objects.requireNonNull(format), new byte[0], true);
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

  @Override
  public String toString() {
    return "AttestationResult[" + format + (insecure ? ", INSECURE" : ", measurement=" + Hex.encode(measurement)) + "]";
  }
}
