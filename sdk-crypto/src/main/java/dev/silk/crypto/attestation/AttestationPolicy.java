package dev.silk.crypto.attestation;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Which attestation formats a client accepts, and the verifier for each. The default policy
 * accepts hardware attestation only; {@code dev} attestation (which proves nothing) must be
 * allowed explicitly, and doing so logs a warning. Immutable and thread-safe.
 *
 * <pre>{@code
 * AttestationPolicy production = AttestationPolicy.defaults();
 * AttestationPolicy localTests = AttestationPolicy.builder().allowInsecureDevAttestation().build();
 * AttestationResult result = policy.verify(descriptor.attestation(), descriptor.keyBinding(), now);
 * }</pre>
 */
public final class AttestationPolicy {
  private static final Logger LOG = Logger.getLogger(AttestationPolicy.class.getName());

  private final Map<String, AttestationVerifier> verifiers;

  private AttestationPolicy(Map<String, AttestationVerifier> verifiers) {
    this.verifiers = verifiers;
  }

  /**
   * The default policy: {@code tdx} only, pinned to the Intel SGX Root CA, accepting only
   * platforms Intel's collateral rates {@code UpToDate} with that collateral current, and with
   * an empty measurement allow-list, so it refuses every node ({@code unknown_measurement})
   * until you add the measurements you trust:
   * {@code builder().addVerifier(TdxVerifier.builder().allowImageHash(hash).build())}.
   * Refusing is the safe failure.
   */
  public static AttestationPolicy defaults() {
    return builder().addVerifier(TdxVerifier.builder().build()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether this policy accepts {@code dev} attestation. */
  public boolean allowsInsecureDevAttestation() {
    return verifiers.containsKey(DevAttestation.FORMAT);
  }

  /**
   * Verifies {@code evidence} with the verifier for its format.
   *
   * @throws SilkCryptoException {@link ErrorCode#ATTESTATION_REJECTED} if the format is not
   *     allowed, or the verifier's error
   */
  public AttestationResult verify(AttestationEvidence evidence, byte[] expectedReportData, Instant now)
      throws SilkCryptoException {
    AttestationVerifier verifier = verifiers.get(evidence.format());
    if (verifier == null) {
      String hint = DevAttestation.FORMAT.equals(evidence.format())
          ? " (dev attestation proves nothing; allow it only for local runs with allowInsecureDevAttestation())"
          : "";
      throw new SilkCryptoException(
          ErrorCode.ATTESTATION_REJECTED, "attestation format '" + evidence.format() + "' not allowed" + hint);
    }
    return verifier.verify(evidence, expectedReportData, now);
  }

  @Override
  public String toString() {
    return "AttestationPolicy" + verifiers.keySet();
  }

  /** Builds an {@link AttestationPolicy}; not thread-safe. */
  public static final class Builder {
    private final Map<String, AttestationVerifier> verifiers = new LinkedHashMap<>();

    private Builder() {}

    /** Accepts the verifier's format, checked by it. */
    public Builder addVerifier(AttestationVerifier verifier) {
      Objects.requireNonNull(verifier, "verifier");
      if (DevAttestation.FORMAT.equals(verifier.format()) && !(verifier instanceof DevAttestation)) {
        throw new IllegalArgumentException("the dev format is reserved for allowInsecureDevAttestation()");
      }
      verifiers.put(verifier.format(), verifier);
      return this;
    }

    /**
     * Accepts {@code dev} attestation, which proves nothing about the node's code: for a local
     * reference node and tests only. Logged as a warning.
     */
    public Builder allowInsecureDevAttestation() {
      if (dev.silk.crypto.LoudWarnings.shouldLog("dev-attestation")) {
        LOG.warning("Silk: INSECURE dev attestation allowed: nodes are not proven to run measured code."
            + " Use this for a local reference node only.");
      }
      verifiers.put(DevAttestation.FORMAT, new DevAttestation());
      return this;
    }

    public AttestationPolicy build() {
      return new AttestationPolicy(Collections.unmodifiableMap(new LinkedHashMap<>(verifiers)));
    }
  }
}
