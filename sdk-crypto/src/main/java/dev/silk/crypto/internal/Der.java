package dev.silk.crypto.internal;

import dev.silk.crypto.SilkCryptoException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A strict reader of definite-length DER with single-byte tags, bounded by its input: every
 * length is checked against what is left, and anything else fails with the caller's error.
 * Not thread-safe.
 */
public final class Der {
  public static final int TAG_BOOLEAN = 0x01;
  public static final int TAG_INTEGER = 0x02;
  public static final int TAG_BIT_STRING = 0x03;
  public static final int TAG_OCTET_STRING = 0x04;
  public static final int TAG_OID = 0x06;
  public static final int TAG_UTC_TIME = 0x17;
  public static final int TAG_GENERALIZED_TIME = 0x18;
  public static final int TAG_SEQUENCE = 0x30;

  private final byte[] data;
  private final Supplier<SilkCryptoException> bad;
  private int at;

  /** @param bad makes the error thrown for anything that is not the expected DER */
  public Der(byte[] data, Supplier<SilkCryptoException> bad) {
    this.data = data;
    this.bad = bad;
  }

  public boolean more() {
    return at < data.length;
  }

  /** The tag of the next element, or -1 at the end. */
  public int peekTag() {
    return at < data.length ? data[at] & 0xFF : -1;
  }

  /** The contents of the next element, which must have {@code tag}. */
  public byte[] next(int tag) throws SilkCryptoException {
    int contents = header(tag);
    return Arrays.copyOfRange(data, contents, at);
  }

  /** The whole encoding (tag, length, contents) of the next element, which must have {@code tag}. */
  public byte[] nextEncoded(int tag) throws SilkCryptoException {
    int start = at;
    header(tag);
    return Arrays.copyOfRange(data, start, at);
  }

  /** A reader over the contents of the next element, which must have {@code tag}. */
  public Der enter(int tag) throws SilkCryptoException {
    return new Der(next(tag), bad);
  }

  public void skip() throws SilkCryptoException {
    if (at >= data.length) {
      throw bad.get();
    }
    next(data[at] & 0xFF);
  }

  public byte[] octets(int length) throws SilkCryptoException {
    byte[] out = next(TAG_OCTET_STRING);
    if (out.length != length) {
      throw bad.get();
    }
    return out;
  }

  public int smallInteger(int max) throws SilkCryptoException {
    byte[] bytes = next(TAG_INTEGER);
    if (bytes.length == 0 || bytes.length > 3) {
      throw bad.get();
    }
    int value = new BigInteger(bytes).intValue();
    if (value < 0 || value > max) {
      throw bad.get();
    }
    return value;
  }

  public void end() throws SilkCryptoException {
    if (at != data.length) {
      throw bad.get();
    }
  }

  /** Reads the tag and length and moves past the contents; returns where the contents start. */
  private int header(int tag) throws SilkCryptoException {
    if (at >= data.length || (data[at] & 0xFF) != tag) {
      throw bad.get();
    }
    at++;
    int length = length();
    if (length > data.length - at) {
      throw bad.get();
    }
    int contents = at;
    at += length;
    return contents;
  }

  private int length() throws SilkCryptoException {
    if (at >= data.length) {
      throw bad.get();
    }
    int first = data[at++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7F;
    if (count == 0 || count > 3 || count > data.length - at) {
      throw bad.get();
    }
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (data[at++] & 0xFF);
    }
    if (length < 0x80 || (count > 1 && length < (1 << (8 * (count - 1))))) {
      throw bad.get(); // not the shortest form: DER has exactly one encoding
    }
    return length;
  }
}
