package dev.silk.core.internal.node;

import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;

/** A descriptor whose signature, validity and attestation the client checked. Immutable. */
public final class VerifiedNode {
  public final SignedDescriptor descriptor;
  public final AttestationResult attestation;

  public VerifiedNode(SignedDescriptor descriptor, AttestationResult attestation) {
    this.descriptor = descriptor;
    this.attestation = attestation;
  }

  /**
   * Until when this check holds: the descriptor's end, or earlier if the attestation says so
   * (a certificate or Intel's collateral expires first).
   */
  public java.time.Instant expires() {
    java.time.Instant end = descriptor.descriptor().notAfter();
    java.time.Instant attested = attestation.validUntil().orElse(end);
    return attested.isBefore(end) ? attested : end;
  }

  public boolean serves(String model) {
    return model(model) != null;
  }

  /** The signed model entry, or null. */
  public ModelInfo model(String model) {
    return model(descriptor, model);
  }

  /** {@code descriptor}'s signed entry for {@code model}, or null. */
  public static ModelInfo model(SignedDescriptor descriptor, String model) {
    for (ModelInfo m : descriptor.descriptor().models()) {
      if (m.name().equals(model)) {
        return m;
      }
    }
    return null;
  }
}
