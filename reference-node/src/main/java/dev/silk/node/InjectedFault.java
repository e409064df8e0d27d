package dev.silk.node;

/**
 * A failure the node fakes on purpose, so that clients' failure handling can be tested
 * ({@link NodeConfig.Builder#injectFault}, {@link FaultSwitch#inject}). Never on by default;
 * logged loudly when on.
 */
public enum InjectedFault {
  /** Normal operation. */
  NONE,
  /**
   * The final chunk of each answer, which carries the receipt, leaves with one bit flipped:
   * no client can open or verify it. Everything before (decryption, charging) is normal.
   */
  BAD_RECEIPT,
  /** Sealed requests get HTTP 500 with an unsigned body, before anything is opened or charged. */
  SERVER_ERROR,
  /** Streams stop after their first chunk: the connection is cut, no final chunk, no receipt. */
  DROPPED_STREAM,
  /** Sealed requests get HTTP 402 with an unsigned body (as a proxy might send), before anything is charged. */
  PAYMENT_REQUIRED,
  /**
   * A dishonest node: each paid answer also takes half the credit the client signed beyond what
   * is charged and in flight. The ledger records it; the receipt states the fair cost and the
   * inflated total, which a client must catch.
   */
  OVERCHARGE,
  /** Answers state one completion token more in their JSON usage than their receipts charge for. */
  USAGE_MISMATCH
}
