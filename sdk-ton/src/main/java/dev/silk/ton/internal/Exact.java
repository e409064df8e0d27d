package dev.silk.ton.internal;

import java.math.BigInteger;

/**
 * {@link BigInteger#longValueExact()} and {@link BigInteger#intValueExact()}, which Android gained
 * only in API 31: the same checks, within the API 26 gate.
 */
public final class Exact {
  private Exact() {}

  /** {@code v} as a long, or {@link ArithmeticException} when it does not fit. */
  public static long longOf(BigInteger v) {
    if (v.bitLength() > 63) {
      throw new ArithmeticException("BigInteger out of long range");
    }
    return v.longValue();
  }

  /** {@code v} as an int, or {@link ArithmeticException} when it does not fit. */
  public static int intOf(BigInteger v) {
    if (v.bitLength() > 31) {
      throw new ArithmeticException("BigInteger out of int range");
    }
    return v.intValue();
  }
}
