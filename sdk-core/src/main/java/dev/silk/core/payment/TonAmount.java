package dev.silk.core.payment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An amount of Toncoin, held exactly in nanoTON (1 TON = 10<sup>9</sup> nanoTON). Never
 * negative; arithmetic that would overflow or go below zero throws. Immutable and thread-safe.
 * Silk receipts, COCOON usage costs and spending caps all use this one type, so budgets add up
 * across transports.
 *
 * <pre>{@code
 * TonAmount cap = TonAmount.ofTon("0.5");          // 500000000 nanoTON
 * TonAmount cost = TonAmount.ofNanoton(2_500);
 * System.out.println(cost);                         // 0.0000025 TON
 * }</pre>
 */
public final class TonAmount implements Comparable<TonAmount> {
  /** Nothing. */
  public static final TonAmount ZERO = new TonAmount(0);

  private static final int DECIMALS = 9;

  private final long nanoton;

  private TonAmount(long nanoton) {
    this.nanoton = nanoton;
  }

  /** @throws IllegalArgumentException if {@code nanoton} is negative */
  public static TonAmount ofNanoton(long nanoton) {
    if (nanoton < 0) {
      throw new IllegalArgumentException("a TON amount cannot be negative: " + nanoton + " nanoTON");
    }
    return nanoton == 0 ? ZERO : new TonAmount(nanoton);
  }

  /**
   * Parses a decimal amount of TON such as {@code "1.5"} or {@code "0.000000001"}.
   *
   * @throws IllegalArgumentException if it is not a non-negative decimal with at most 9
   *     fractional digits, or does not fit in a signed 64-bit count of nanoTON
   */
  public static TonAmount ofTon(String decimal) {
    Objects.requireNonNull(decimal, "decimal");
    BigDecimal value;
    try {
      value = new BigDecimal(decimal.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal amount of TON: '" + decimal + "'");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a TON amount cannot be negative: " + decimal);
    }
    BigInteger nano;
    try {
      nano = value.movePointRight(DECIMALS).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + decimal + "' is finer than 1 nanoTON");
    }
    // bitLength, not longValueExact: the latter is missing from Android API 26.
    if (nano.bitLength() > 63) {
      throw new IllegalArgumentException("'" + decimal + "' TON does not fit in 64-bit nanoTON");
    }
    return ofNanoton(nano.longValue());
  }

  /** The amount in nanoTON. */
  public long nanoton() {
    return nanoton;
  }

  public boolean isZero() {
    return nanoton == 0;
  }

  /** @throws ArithmeticException if the sum overflows */
  public TonAmount plus(TonAmount other) {
    return ofNanoton(Math.addExact(nanoton, other.nanoton));
  }

  /** @throws ArithmeticException if {@code other} is larger than this */
  public TonAmount minus(TonAmount other) {
    if (other.nanoton > nanoton) {
      throw new ArithmeticException(this + " minus " + other + " would be negative");
    }
    return ofNanoton(nanoton - other.nanoton);
  }

  /** The larger of the two. */
  public TonAmount max(TonAmount other) {
    return nanoton >= other.nanoton ? this : other;
  }

  public boolean isGreaterThan(TonAmount other) {
    return nanoton > other.nanoton;
  }

  /** The amount in TON as a plain decimal without trailing zeros, for example {@code "0.0000025"}. */
  public String toTonString() {
    return BigDecimal.valueOf(nanoton, DECIMALS).stripTrailingZeros().toPlainString();
  }

  @Override
  public int compareTo(TonAmount other) {
    return Long.compare(nanoton, other.nanoton);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TonAmount && ((TonAmount) o).nanoton == nanoton;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanoton);
  }

  /** For example {@code "0.0000025 TON"}. */
  @Override
  public String toString() {
    return toTonString() + " TON";
  }
}
