package dev.silk.core;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.Objects;
import java.util.Optional;

/**
 * What stands behind one answer: its {@link VerificationLevel}, the verified receipt and
 * attestation when there are some, and what the answer cost. Immutable and thread-safe.
 *
 * <pre>{@code
 * Verification v = answer.verification();
 * System.out.println(v.level().description() + ", cost " + v.cost());
 * v.receipt().ifPresent(r -> audit.store(r.export()));
 * }</pre>
 */
public final class Verification {
  private final VerificationLevel level;
  private final SignedReceipt receipt;
  private final AttestationResult attestation;
  private final TonAmount cost;

  private Verification(VerificationLevel level, SignedReceipt receipt, AttestationResult attestation, TonAmount cost) {
    this.level = level;
    this.receipt = receipt;
    this.attestation = attestation;
    this.cost = cost;
  }

  /** An answer whose receipt Silk verified; its cost is the receipt's. */
  public static Verification silkReceipt(SignedReceipt receipt, AttestationResult attestation) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(attestation, "attestation");
    return new Verification(VerificationLevel.SILK_RECEIPT, receipt, attestation,
        TonAmount.ofNanoton(receipt.receipt().costNanoton()));
  }

  /** An answer relayed by a COCOON client runner, with the cost the runner reported. */
  public static Verification cocoonRunner(TonAmount cost) {
    return new Verification(VerificationLevel.COCOON_RUNNER, null, null, Objects.requireNonNull(cost, "cost"));
  }

  /**
   * An answer from a COCOON proxy that Silk attested itself: {@code attestation} is the proxy's
   * (empty only if the client waived attestation by name), {@code cost} what the tokens cost at
   * the root config's prices.
   */
  public static Verification cocoonProxy(AttestationResult attestation, TonAmount cost) {
    return new Verification(VerificationLevel.COCOON_ATTESTED_PROXY, null, attestation,
        Objects.requireNonNull(cost, "cost"));
  }

  public VerificationLevel level() {
    return level;
  }

  /** The verified receipt; empty below {@link VerificationLevel#SILK_RECEIPT}. */
  public Optional<SignedReceipt> receipt() {
    return Optional.ofNullable(receipt);
  }

  /** What the node's (or COCOON proxy's) attestation established, when Silk checked one. */
  public Optional<AttestationResult> attestation() {
    return Optional.ofNullable(attestation);
  }

  /** What the answer cost: the signed receipt's amount, or what the COCOON runner reported. */
  public TonAmount cost() {
    return cost;
  }

  /**
   * The verified receipt, for callers that rely on one.
   *
   * @throws IllegalStateException if the answer has none (it says why)
   */
  public SignedReceipt requireReceipt() {
    if (receipt == null) {
      throw new IllegalStateException(missing("Silk receipt"));
    }
    return receipt;
  }

  /**
   * The attestation result, for callers that rely on one.
   *
   * @throws IllegalStateException if the answer has none (it says why)
   */
  public AttestationResult requireAttestation() {
    if (attestation == null) {
      throw new IllegalStateException(missing("Silk-checked attestation"));
    }
    return attestation;
  }

  private String missing(String what) {
    return "this answer has no " + what + ": it was " + level.description() + "; check verification().level()";
  }

  @Override
  public String toString() {
    return "Verification[" + level.description() + ", cost " + cost + "]";
  }
}
