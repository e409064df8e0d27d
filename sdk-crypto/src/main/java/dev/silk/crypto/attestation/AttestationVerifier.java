package dev.silk.crypto.attestation;

import dev.silk.crypto.SilkCryptoException;
import java.time.Instant;

/**
 * Checks one attestation format (the SPI behind {@link AttestationPolicy}). An implementation
 * proves that the evidence comes from measured code and that its report data equals
 * {@code expectedReportData}, the descriptor's key binding. Implementations must be
 * thread-safe.
 */
public interface AttestationVerifier {
  /** The format this verifier checks, as named in descriptors (for example {@code "tdx"}). */
  String format();

  /**
   * Verifies {@code evidence} at {@code now}.
   *
   * @throws SilkCryptoException {@code ATTESTATION_INVALID} if the evidence is invalid or binds
   *     other keys, {@code UNKNOWN_MEASUREMENT} if the code is not allowed
   */
  AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
      throws SilkCryptoException;
}
