package dev.silk.crypto.encoding;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the spec's canonical encoding from untrusted bytes. Every read checks the remaining
 * length first, so a hostile length can neither overrun the input nor allocate more than the
 * input holds; every failure is a {@link SilkCryptoException} with {@link ErrorCode#MALFORMED}.
 * Not thread-safe.
 */
public final class ByteReader {
  private final byte[] data;
  private final String what;
  private int position;

  public ByteReader(byte[] data, String what) {
    this.data = data;
    this.what = what;
  }

  public int u8(String field) throws SilkCryptoException {
    require(1, field);
    return data[position++] & 0xFF;
  }

  public int u16(String field) throws SilkCryptoException {
    require(2, field);
    int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  public long u32(String field) throws SilkCryptoException {
    require(4, field);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  /** Reads a u64 that must fit in a non-negative Java long (the spec limits all u64 to 2^63-1). */
  public long u64(String field) throws SilkCryptoException {
    require(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    if (value < 0) {
      throw malformed(field + " exceeds 2^63-1");
    }
    return value;
  }

  public byte[] fixed(int length, String field) throws SilkCryptoException {
    require(length, field);
    byte[] out = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return out;
  }

  /** Reads a u32-length-prefixed byte string of at most {@code maxLength} bytes. */
  public byte[] bytes(int maxLength, String field) throws SilkCryptoException {
    long length = u32(field + " length");
    if (length > maxLength) {
      throw malformed(field + " longer than " + maxLength + " bytes");
    }
    return fixed((int) length, field);
  }

  /** Reads a u32-length-prefixed byte string that must be exactly {@code length} bytes. */
  public byte[] bytesOfLength(int length, String field) throws SilkCryptoException {
    long declared = u32(field + " length");
    if (declared != length) {
      throw malformed(field + " must be " + length + " bytes");
    }
    return fixed(length, field);
  }

  /** Reads a u32-length-prefixed, strictly valid UTF-8 string. */
  public String string(int maxLength, String field) throws SilkCryptoException {
    byte[] utf8 = bytes(maxLength, field);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(field + " is not valid UTF-8");
    }
  }

  /** Reads a u16 list count of at most {@code max} items. */
  public int count(int max, String field) throws SilkCryptoException {
    int count = u16(field + " count");
    if (count > max) {
      throw malformed(field + " has more than " + max + " entries");
    }
    return count;
  }

  public int remaining() {
    return data.length - position;
  }

  public int position() {
    return position;
  }

  /** Returns all unread bytes. */
  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, position, data.length);
    position = data.length;
    return out;
  }

  /** Fails unless every byte was read: trailing bytes are never ignored. */
  public void expectEnd() throws SilkCryptoException {
    if (position != data.length) {
      throw malformed((data.length - position) + " trailing bytes");
    }
  }

  public SilkCryptoException malformed(String reason) {
    return new SilkCryptoException(ErrorCode.MALFORMED, what + ": " + reason);
  }

  private void require(int length, String field) throws SilkCryptoException {
    if (length < 0 || data.length - position < length) {
      throw malformed("truncated at " + field);
    }
  }
}
