package dev.silk.crypto.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Single-byte changes for tamper tests, drawn from a fixed seed: every run checks the same
 * changes, and a failure names the one that broke. Where checking every byte is affordable, tests
 * loop over all of them instead.
 */
public final class ByteChanges {
  /** The seed of every tamper test's changes (printed in failure messages). */
  public static final long SEED = 0x5111_CA5EL;

  private ByteChanges() {}

  /** {@code count} changes {@code {offset, xor}} of a {@code length}-byte object, xor never zero. */
  public static List<int[]> of(int length, int count) {
    Random random = new Random(SEED ^ length);
    List<int[]> changes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      changes.add(new int[] {random.nextInt(length), 1 + random.nextInt(255)});
    }
    return changes;
  }

  /** {@code count} byte strings of 1 to 64 bytes, to append. */
  public static List<byte[]> suffixes(int count) {
    Random random = new Random(SEED);
    List<byte[]> suffixes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] s = new byte[1 + random.nextInt(64)];
      random.nextBytes(s);
      suffixes.add(s);
    }
    return suffixes;
  }
}
