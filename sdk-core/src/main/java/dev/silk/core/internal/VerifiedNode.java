package dev.silk.core.internal;

import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;

/** A descriptor whose signature, validity and attestation the client checked. Immutable. */
final class VerifiedNode {
  final SignedDescriptor descriptor;
  final AttestationResult attestation;

  VerifiedNode(SignedDescriptor descriptor, AttestationResult attestation) {
    this.descriptor = descriptor;
    this.attestation = attestation;
  }

  /**
   * Until when this check holds: the descriptor's end, or earlier if the attestation says so
   * (a certificate or Intel's collateral expires first).
   */
  java.time.Instant expires() {
    java.time.Instant end = descriptor.descriptor().notAfter();
    java.time.Instant attested = attestation.validUntil().orElse(end);
    return attested.isBefore(end) ? attested : end;
  }

  boolean serves(String model) {
    return model(model) != null;
  }

  /** The signed model entry, or null. */
  ModelInfo model(String model) {
    return model(descriptor, model);
  }

  /** {@code descriptor}'s signed entry for {@code model}, or null. */
  static ModelInfo model(SignedDescriptor descriptor, String model) {
    for (ModelInfo m : descriptor.descriptor().models()) {
      if (m.name().equals(model)) {
        return m;
      }
    }
    return null;
  }
}
