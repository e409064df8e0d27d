package dev.silk.crypto.descriptor;

import dev.silk.crypto.encoding.Hex;
import java.util.Objects;

/**
 * How a node is paid, as stated in its descriptor: the scheme ({@value #FREE} or
 * {@value #TON_CHANNEL}), the node's channel counterparty key and address, the minimum deposit
 * the most requests a client may have in flight per channel (k) and the largest credit window
 * the node holds (W: the unspent amount a client may sign ahead of its charges, which bounds the
 * client's exposure; spec-v1 §13.1). Immutable and thread-safe.
 */
public final class PaymentTerms {
  /** The node charges nothing; a client's policy must allow such nodes explicitly. */
  public static final String FREE = "free";
  /** Per-request payment over a TON payment channel. */
  public static final String TON_CHANNEL = "ton-channel";

  static final int MAX_KEY = 64;
  static final int MAX_ADDRESS = 128;

  private final String scheme;
  private final byte[] counterpartyKey;
  private final String address;
  private final long minDepositNanoton;
  private final long maxInFlight;
  private final long maxCreditNanoton;

  private PaymentTerms(String scheme, byte[] counterpartyKey, String address, long minDepositNanoton, long maxInFlight,
      long maxCreditNanoton) {
    this.scheme = scheme;
    this.counterpartyKey = counterpartyKey;
    this.address = address;
    this.minDepositNanoton = minDepositNanoton;
    this.maxInFlight = maxInFlight;
    this.maxCreditNanoton = maxCreditNanoton;
  }

  /** Terms of a node that charges nothing. */
  public static PaymentTerms free() {
    return new PaymentTerms(FREE, new byte[0], "", 0, 0, 0);
  }

  /**
   * Terms of a node paid over a TON payment channel with no credit window: every request carries
   * a newly signed state.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public static PaymentTerms tonChannel(
      byte[] counterpartyKey, String address, long minDepositNanoton, long maxInFlight) {
    return tonChannel(counterpartyKey, address, minDepositNanoton, maxInFlight, 0);
  }

  /**
   * Terms of a node paid over a TON payment channel.
   *
   * @param maxCreditNanoton W, the largest unspent amount a client may sign ahead of its charges
   *     (0: a new state per request)
   * @throws IllegalArgumentException if a value is out of range
   */
  public static PaymentTerms tonChannel(
      byte[] counterpartyKey, String address, long minDepositNanoton, long maxInFlight, long maxCreditNanoton) {
    Objects.requireNonNull(counterpartyKey, "counterpartyKey");
    Objects.requireNonNull(address, "address");
    if (counterpartyKey.length == 0 || counterpartyKey.length > MAX_KEY) {
      throw new IllegalArgumentException("counterparty key must be 1.." + MAX_KEY + " bytes");
    }
    ModelInfo.checkText(address, MAX_ADDRESS, "address");
    if (minDepositNanoton < 0 || maxInFlight < 1 || maxInFlight > 0xFFFF_FFFFL || maxCreditNanoton < 0) {
      throw new IllegalArgumentException("minDeposit and maxCredit must be >= 0 and maxInFlight in 1..2^32-1");
    }
    return new PaymentTerms(TON_CHANNEL, counterpartyKey.clone(), address, minDepositNanoton, maxInFlight,
        maxCreditNanoton);
  }

  static PaymentTerms decoded(String scheme, byte[] key, String address, long minDeposit, long maxInFlight,
      long maxCredit) {
    if (FREE.equals(scheme)) {
      if (key.length != 0 || !address.isEmpty() || minDeposit != 0 || maxInFlight != 0 || maxCredit != 0) {
        throw new IllegalArgumentException("free terms carry no channel fields");
      }
      return free();
    }
    if (TON_CHANNEL.equals(scheme)) {
      return tonChannel(key, address, minDeposit, maxInFlight, maxCredit);
    }
    throw new IllegalArgumentException("unknown payment scheme");
  }

  public String scheme() {
    return scheme;
  }

  public boolean isFree() {
    return FREE.equals(scheme);
  }

  public byte[] counterpartyKey() {
    return counterpartyKey.clone();
  }

  public String address() {
    return address;
  }

  public long minDepositNanoton() {
    return minDepositNanoton;
  }

  /** k: the most requests a client may have in flight per channel. */
  public long maxInFlight() {
    return maxInFlight;
  }

  /**
   * W, the largest credit window the node holds: the most a client may sign beyond what it was
   * charged and what is in flight (0: a new state per request).
   */
  public long maxCreditNanoton() {
    return maxCreditNanoton;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PaymentTerms)) {
      return false;
    }
    PaymentTerms p = (PaymentTerms) o;
    return scheme.equals(p.scheme) && java.util.Arrays.equals(counterpartyKey, p.counterpartyKey)
        && address.equals(p.address) && minDepositNanoton == p.minDepositNanoton && maxInFlight == p.maxInFlight
        && maxCreditNanoton == p.maxCreditNanoton;
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, address, minDepositNanoton, maxInFlight, maxCreditNanoton);
  }

  @Override
  public String toString() {
    return isFree() ? "PaymentTerms[free]"
        : "PaymentTerms[" + scheme + ", key=" + Hex.encode(counterpartyKey) + ", address=" + address
            + ", minDeposit=" + minDepositNanoton + ", maxInFlight=" + maxInFlight + ", maxCredit=" + maxCreditNanoton
            + "]";
  }
}
