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
   * Sent by Silk itself to a COCOON proxy over RA-TLS, after Silk verified the proxy's TDX quote
   * in pure Java (Intel's collateral, the image hash on the root contract's allow-list, the quote
   * bound to the TLS key). The proxy attests the worker that ran the model, as COCOON is built;
   * COCOON signs no per-answer receipt, so the answer itself is not signed, and its cost is
   * computed from the root contract's prices and the proxy's token counts.
   */
  COCOON_ATTESTED_PROXY("COCOON proxy TDX-attested by Silk, worker attested by the proxy (no Silk receipt)"),

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
