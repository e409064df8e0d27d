package dev.silk.core;

import com.squareup.moshi.Moshi;
import dev.silk.crypto.internal.Hashes;

/** Breaks two architecture rules on purpose (only in the prove-architecture-gate profile). */
public final class ArchitectureGateProbe {
  private ArchitectureGateProbe() {}

  /**
   * Moshi in a public signature.
   *
   * @return nothing
   */
  public static Moshi moshi() {
    return null;
  }

  /**
   * Another module's internal package.
   *
   * @param bytes input
   * @return its hash
   */
  public static byte[] digest(byte[] bytes) {
    return Hashes.sha256(bytes);
  }
}
