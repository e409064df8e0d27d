package dev.silk.core.errors;

/**
 * The answer or the node could not be verified: a descriptor, attestation, signature, receipt,
 * decryption or stream check failed. The answer is discarded, never returned; this is never
 * retried on the same node. {@link #code()} is the protocol code (for example
 * {@code "receipt_mismatch"}, {@code "attestation_rejected"}, {@code "stream_truncated"}).
 */
public class VerificationException extends SilkException {
  private static final long serialVersionUID = 1L;

  public VerificationException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
