package dev.silk.core.internal;

import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.descriptor.SignedDescriptor;

/** Internal carrier of a verified descriptor and its attestation result for SilkClient. */
public final class VerifiedNodeView {
  public final SignedDescriptor descriptor;
  public final AttestationResult attestation;

  public VerifiedNodeView(SignedDescriptor descriptor, AttestationResult attestation) {
    this.descriptor = descriptor;
    this.attestation = attestation;
  }
}
