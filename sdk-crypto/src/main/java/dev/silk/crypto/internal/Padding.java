package dev.silk.crypto.internal;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.util.Arrays;

/**
 * The spec's padding: plaintexts are zero-padded to a multiple of {@link #BLOCK} bytes so that
 * ciphertext lengths reveal sizes only to that granularity.
 */
public final class Padding {
  /** Padding granularity in bytes (spec-v1 §3). */
  public static final int BLOCK = 256;

  private Padding() {}

  /** Above this, buckets are whole multiples of it rather than powers of two. */
  public static final int BUCKET_STEP = 64 << 10;

  public static byte[] pad(byte[] encoded) {
    int padded = Math.max(BLOCK, ((encoded.length + BLOCK - 1) / BLOCK) * BLOCK);
    return padded == encoded.length ? encoded : Arrays.copyOf(encoded, padded);
  }

  /**
   * Pads to a length bucket (spec §4.3): a power of two from 256 bytes to 64 KiB, then a whole
   * multiple of 64 KiB. Still a whole number of blocks, so every receiver accepts it; a sealed
   * message then shows only its bucket (10 sizes up to 64 KiB instead of 256).
   */
  public static byte[] padToBucket(byte[] encoded) {
    int padded = bucket(encoded.length);
    return padded == encoded.length ? encoded : Arrays.copyOf(encoded, padded);
  }

  /** The bucket a plaintext of {@code length} bytes is padded to. */
  public static int bucket(int length) {
    int least = Math.max(BLOCK, length);
    if (least > BUCKET_STEP) {
      return (int) Math.min(Integer.MAX_VALUE, ((least + (long) BUCKET_STEP - 1) / BUCKET_STEP) * BUCKET_STEP);
    }
    return Integer.bitCount(least) == 1 ? least : Integer.highestOneBit(least) << 1;
  }

  /**
   * Checks, before decrypting, that a ciphertext can hold a padded plaintext: a positive whole
   * number of blocks plus the AEAD's tag. Cuts and appended bytes fail here as MALFORMED.
   */
  public static void checkCiphertextLength(int length, int tagLength, String what) throws SilkCryptoException {
    int plaintext = length - tagLength;
    if (plaintext < BLOCK || plaintext % BLOCK != 0) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, what + ": ciphertext length " + length
          + " is not a padded plaintext plus a " + tagLength + "-byte tag");
    }
  }

  /**
   * Checks that a decrypted plaintext is a whole number of blocks and that everything after
   * {@code contentEnd} is zero.
   */
  public static void check(byte[] plaintext, int contentEnd, String what) throws SilkCryptoException {
    if (plaintext.length == 0 || plaintext.length % BLOCK != 0) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, what + ": not padded to " + BLOCK + " bytes");
    }
    int nonZero = 0;
    for (int i = contentEnd; i < plaintext.length; i++) {
      nonZero |= plaintext[i];
    }
    if (nonZero != 0) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, what + ": padding is not zero");
    }
  }
}
