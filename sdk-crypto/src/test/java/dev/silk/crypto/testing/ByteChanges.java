package dev.silk.crypto.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ArbitrarySupplier;

/**
 * A single-byte change for tamper properties: {@code {offset, xor}}, the offset taken modulo the
 * length of what is changed, the xor never zero.
 */
public final class ByteChanges implements ArbitrarySupplier<int[]> {
  @Override
  public Arbitrary<int[]> get() {
    return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(1, 255))
        .as((offset, xor) -> new int[] {offset, xor});
  }

  /** Any non-negative int, for lengths taken modulo what is cut. */
  public static final class Lengths implements ArbitrarySupplier<Integer> {
    @Override
    public Arbitrary<Integer> get() {
      return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }
  }
}
