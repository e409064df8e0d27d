package dev.silk.crypto.cocoon;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads TL (see {@link TlWriter}), bounded by its input: every length is checked against what is
 * left, padding must be zeros, and a read past the end fails. Not thread-safe.
 */
public final class TlReader {
  private final byte[] data;
  private int at;

  public TlReader(byte[] data) {
    this.data = data;
  }

  /** The next constructor id, which must be one of {@code expected}; returns it. */
  public int id(int... expected) throws TlException {
    int id = i32();
    for (int e : expected) {
      if (id == e) {
        return id;
      }
    }
    throw new TlException("unexpected constructor " + Integer.toHexString(id));
  }

  public int i32() throws TlException {
    need(4);
    int v = (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF) << 16 | (data[at + 3] & 0xFF) << 24;
    at += 4;
    return v;
  }

  public long i64() throws TlException {
    long low = i32() & 0xFFFFFFFFL;
    return low | ((long) i32() << 32);
  }

  public double f64() throws TlException {
    return Double.longBitsToDouble(i64());
  }

  public byte[] i256() throws TlException {
    need(32);
    byte[] v = Arrays.copyOfRange(data, at, at + 32);
    at += 32;
    return v;
  }

  public boolean bool() throws TlException {
    return id(CocoonIds.BOOL_TRUE, CocoonIds.BOOL_FALSE) == CocoonIds.BOOL_TRUE;
  }

  public byte[] bytes() throws TlException {
    need(1);
    int first = data[at] & 0xFF;
    int length;
    int header;
    if (first < 254) {
      length = first;
      header = 1;
    } else if (first == 254) {
      need(4);
      length = (data[at + 1] & 0xFF) | (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF) << 16;
      header = 4;
      if (length < 254) {
        throw new TlException("long form of a short TL string");
      }
    } else {
      throw new TlException("TL string length marker 255");
    }
    int padding = (4 - (header + length) % 4) % 4;
    need(header + length + padding);
    byte[] v = Arrays.copyOfRange(data, at + header, at + header + length);
    for (int i = 0; i < padding; i++) {
      if (data[at + header + length + i] != 0) {
        throw new TlException("TL string padding is not zero");
      }
    }
    at += header + length + padding;
    return v;
  }

  /** A TL string, which must be well-formed UTF-8 (a malformed one is refused, not repaired). */
  public String string() throws TlException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes())).toString();
    } catch (CharacterCodingException e) {
      throw new TlException("a TL string that is not UTF-8");
    }
  }

  /**
   * A bare vector's element count ({@code (vector t)} in COCOON's schema: no constructor id);
   * at most {@code max}, and no more than the bytes left could hold.
   */
  public int vector(int max) throws TlException {
    int count = i32();
    if (count < 0 || count > max || count > remaining() / 4) {
      throw new TlException("vector of " + count + " elements");
    }
    return count;
  }

  public int remaining() {
    return data.length - at;
  }

  public void end() throws TlException {
    if (at != data.length) {
      throw new TlException((data.length - at) + " bytes left after the TL object");
    }
  }

  private void need(int n) throws TlException {
    if (n < 0 || data.length - at < n) {
      throw new TlException("TL object ends early");
    }
  }

  /** TL that does not parse as the schema says. */
  public static final class TlException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlException(String message) {
      super(message);
    }
  }
}
