package dev.silk.crypto.attestation;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The {@code dev} attestation format: the node states its key binding itself, and nothing
 * vouches for it. It exists so that a local reference node can run the whole protocol; it
 * proves nothing, no default policy accepts it, and allowing it is an explicit, logged choice
 * ({@link AttestationPolicy.Builder#allowInsecureDevAttestation()}).
 *
 * <p>Evidence (spec-v1 §8.1): ASCII {@code "SILK-DEV-ATTESTATION-NOT-SECURE"} followed by the
 * 64-byte report data. Collateral is empty.
 */
public final class DevAttestation implements AttestationVerifier {
  /** The format name. */
  public static final String FORMAT = "dev";
  private static final byte[] MARKER = "SILK-DEV-ATTESTATION-NOT-SECURE".getBytes(StandardCharsets.US_ASCII);

  DevAttestation() {}

  /** Evidence for a node whose key binding is {@code reportData} (64 bytes). */
  public static AttestationEvidence evidence(byte[] reportData) {
    if (reportData.length != 64) {
      throw new IllegalArgumentException("report data must be 64 bytes");
    }
    return AttestationEvidence.of(
        FORMAT, new ByteWriter(MARKER.length + 64).fixed(MARKER).fixed(reportData).toByteArray(), new byte[0]);
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
      throws SilkCryptoException {
    byte[] bytes = evidence.evidence();
    if (!FORMAT.equals(evidence.format())
        || bytes.length != MARKER.length + 64
        || !Arrays.equals(Arrays.copyOf(bytes, MARKER.length), MARKER)
        || evidence.collateral().length != 0) {
      throw new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "not dev attestation evidence");
    }
    if (!Hashes.constantTimeEquals(Arrays.copyOfRange(bytes, MARKER.length, bytes.length), expectedReportData)) {
      throw new SilkCryptoException(ErrorCode.ATTESTATION_INVALID, "dev evidence binds other keys");
    }
    return AttestationResult.insecure(FORMAT);
  }
}
