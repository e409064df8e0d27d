package dev.silk.core;

/**
 * How much of an answer Silk itself checked. Ordered from strongest to weakest; a client that
 * {@linkplain SilkClient.Builder#requireSilkReceipts() requires Silk receipts} accepts only
 * {@link #SILK_RECEIPT}.
 */
public enum VerificationLevel {
  /**
   * Sealed end to end to a node whose attestation Silk checked, and answered with a receipt
   * signed by that node's attested key, bound to this request and answer, verified by Silk
   * before the answer was returned.
   */
  SILK_RECEIPT("verified: Silk receipt signed by the attested node"),

  /**
   * Sent in clear to a local COCOON client runner, which attests COCOON's proxies over RA-TLS
   * and pays them. COCOON signs no receipt: Silk checked nothing about the answer itself and
   * trusts the runner (and the network path to it) for everything.
   */
  COCOON_RUNNER("transport-attested by the COCOON runner");

  private final String description;

  VerificationLevel(String description) {
    this.description = description;
  }

  /** A short human-readable statement of what was verified. */
  public String description() {
    return description;
  }

  /** Whether answers at this level carry a Silk receipt. */
  public boolean hasReceipt() {
    return this == SILK_RECEIPT;
  }

  @Override
  public String toString() {
    return description;
  }
}
