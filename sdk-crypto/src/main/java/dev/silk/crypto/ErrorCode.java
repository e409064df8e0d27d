package dev.silk.crypto;

/**
 * Machine-readable reason for a rejected protocol object. The {@link #wireName()} and
 * {@link #number()} of a code are stable across releases: they appear in signed node errors,
 * logs and the protocol spec (docs-site/protocol/spec-v1.md, "Error codes").
 */
public enum ErrorCode {
  /** A length, count, flag or field is out of range, or bytes are missing or left over. */
  MALFORMED(1, "malformed"),
  /** The object declares a protocol version this implementation does not speak. */
  UNSUPPORTED_VERSION(2, "unsupported_version"),
  /** The HPKE suite (KEM, KDF, AEAD) is not one this implementation accepts. */
  UNSUPPORTED_SUITE(3, "unsupported_suite"),
  /** A sealed request names another node or another descriptor than the one opening it. */
  WRONG_RECIPIENT(4, "wrong_recipient"),
  /** Authenticated decryption failed: the ciphertext, its key or its bound context was altered. */
  DECRYPTION_FAILED(5, "decryption_failed"),
  /** A signature does not verify under the expected key and context string. */
  BAD_SIGNATURE(6, "bad_signature"),
  /** A signed object of one type was presented where another type was expected. */
  UNEXPECTED_TYPE(7, "unexpected_type"),
  /** A stream chunk arrived out of order, duplicated, or after the final chunk. */
  STREAM_OUT_OF_ORDER(8, "stream_out_of_order"),
  /** A stream ended before its final chunk. */
  STREAM_TRUNCATED(9, "stream_truncated"),
  /** A descriptor is outside its validity window. */
  STALE_DESCRIPTOR(10, "stale_descriptor"),
  /** The attestation format is not allowed by the caller's policy. */
  ATTESTATION_REJECTED(11, "attestation_rejected"),
  /** The attestation evidence is invalid or does not bind the descriptor's keys. */
  ATTESTATION_INVALID(12, "attestation_invalid"),
  /** The measured code is not on the caller's allow-list. */
  UNKNOWN_MEASUREMENT(13, "unknown_measurement"),
  /** A receipt does not match the request and response it claims to cover. */
  RECEIPT_MISMATCH(14, "receipt_mismatch"),
  /** The node has already seen this request id or encapsulated key. */
  REPLAY(15, "replay"),
  /** The request timestamp is outside the node's acceptance window. */
  STALE_REQUEST(16, "stale_request"),
  /** The node refuses the request because of its rate limit. */
  RATE_LIMITED(17, "rate_limited"),
  /** The node has too many requests in flight. */
  OVERLOADED(18, "overloaded"),
  /** Payment is missing or short; a signed quote accompanies this code. */
  PAYMENT_REQUIRED(19, "payment_required"),
  /** The requested model is not served by this node. */
  UNKNOWN_MODEL(20, "unknown_model"),
  /** The node failed while serving an authenticated request. */
  INTERNAL(21, "internal"),
  /**
   * The channel's uncommitted charges passed the node's threshold: commit the channel
   * cooperatively (spec-v1 §13.5) before paying more. Nothing was charged.
   */
  COMMIT_REQUIRED(22, "commit_required"),
  /**
   * The payment names a channel the node has closed cooperatively (or is closing): open a new
   * one. Nothing was charged.
   */
  CHANNEL_CLOSED(23, "channel_closed");

  private final int number;
  private final String wireName;

  ErrorCode(int number, String wireName) {
    this.number = number;
    this.wireName = wireName;
  }

  /** The code's number in binary protocol objects (u16). */
  public int number() {
    return number;
  }

  /** The code's name in JSON and logs, for example {@code "bad_signature"}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The code with the given number.
   *
   * @throws SilkCryptoException {@link #MALFORMED} if no code has that number
   */
  public static ErrorCode fromNumber(int number) throws SilkCryptoException {
    for (ErrorCode code : values()) {
      if (code.number == number) {
        return code;
      }
    }
    throw new SilkCryptoException(MALFORMED, "unknown error code number " + number);
  }
}
