package dev.silk.crypto.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the spec's canonical encoding: big-endian integers, {@code u32}-length-prefixed byte
 * strings and UTF-8 strings. Not thread-safe.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  public ByteWriter() {
    this(128);
  }

  public ByteWriter(int initialCapacity) {
    this.out = new ByteArrayOutputStream(initialCapacity);
  }

  public ByteWriter u8(int value) {
    checkRange(value, 0xFF);
    out.write(value);
    return this;
  }

  public ByteWriter u16(int value) {
    checkRange(value, 0xFFFF);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public ByteWriter u32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("u32 out of range: " + value);
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Writes an unsigned 64-bit value; negative Java longs are rejected, so the range is 0..2^63-1. */
  public ByteWriter u64(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("u64 out of range: " + value);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Writes bytes whose length the reader knows from the spec (no prefix). */
  public ByteWriter fixed(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Writes a {@code u32} length followed by the bytes. */
  public ByteWriter bytes(byte[] bytes) {
    u32(bytes.length);
    return fixed(bytes);
  }

  /** Writes a {@code u32} length followed by the UTF-8 encoding of the string. */
  public ByteWriter string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the {@code u16} count of a list; items follow. */
  public ByteWriter count(int count) {
    return u16(count);
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private static void checkRange(int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("value out of range 0.." + max + ": " + value);
    }
  }
}
