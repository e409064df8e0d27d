package dev.silk.crypto.descriptor;

import dev.silk.crypto.encoding.Hex;
import java.util.Objects;

/**
 * How a node is paid, as stated in its descriptor: the scheme ({@value #FREE} or
 * {@value #TON_CHANNEL}), the node's channel counterparty key and address, the minimum deposit
 * and the most requests a client may have in flight per channel (k, which bounds the client's
 * exposure). Immutable and thread-safe.
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

  private PaymentTerms(String scheme, byte[] counterpartyKey, String address, long minDepositNanoton, long maxInFlight) {
    this.scheme = scheme;
    this.counterpartyKey = counterpartyKey;
    this.address = address;
    this.minDepositNanoton = minDepositNanoton;
    this.maxInFlight = maxInFlight;
  }

  /** Terms of a node that charges nothing. */
  public static PaymentTerms free() {
    return new PaymentTerms(FREE, new byte[0], "", 0, 0);
  }

  /**
   * Terms of a node paid over a TON payment channel.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public static PaymentTerms tonChannel(
      byte[] counterpartyKey, String address, long minDepositNanoton, long maxInFlight) {
    Objects.requireNonNull(counterpartyKey, "counterpartyKey");
    Objects.requireNonNull(address, "address");
    if (counterpartyKey.length == 0 || counterpartyKey.length > MAX_KEY) {
      throw new IllegalArgumentException("counterparty key must be 1.." + MAX_KEY + " bytes");
    }
    ModelInfo.checkText(address, MAX_ADDRESS, "address");
    if (minDepositNanoton < 0 || maxInFlight < 1 || maxInFlight > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("minDeposit must be >= 0 and maxInFlight in 1..2^32-1");
    }
    return new PaymentTerms(TON_CHANNEL, counterpartyKey.clone(), address, minDepositNanoton, maxInFlight);
  }

  static PaymentTerms decoded(String scheme, byte[] key, String address, long minDeposit, long maxInFlight) {
    if (FREE.equals(scheme)) {
      if (key.length != 0 || !address.isEmpty() || minDeposit != 0 || maxInFlight != 0) {
        throw new IllegalArgumentException("free terms carry no channel fields");
      }
      return free();
    }
    if (TON_CHANNEL.equals(scheme)) {
      return tonChannel(key, address, minDeposit, maxInFlight);
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

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PaymentTerms)) {
      return false;
    }
    PaymentTerms p = (PaymentTerms) o;
    return scheme.equals(p.scheme) && java.util.Arrays.equals(counterpartyKey, p.counterpartyKey)
        && address.equals(p.address) && minDepositNanoton == p.minDepositNanoton && maxInFlight == p.maxInFlight;
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, address, minDepositNanoton, maxInFlight);
  }

  @Override
  public String toString() {
    return isFree() ? "PaymentTerms[free]"
        : "PaymentTerms[" + scheme + ", key=" + Hex.encode(counterpartyKey) + ", address=" + address
            + ", minDeposit=" + minDepositNanoton + ", maxInFlight=" + maxInFlight + "]";
  }
}
