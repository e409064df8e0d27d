package dev.silk.crypto.cocoon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes TL, the serialization of COCOON's schema ({@code tl/generate/scheme/cocoon_api.tl}):
 * little-endian integers, {@code bytes}/{@code string} with a 1- or 4-byte length and padding to
 * four bytes, boxed objects led by their constructor id. Not thread-safe.
 */
public final class TlWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  public TlWriter id(int constructor) {
    return i32(constructor);
  }

  public TlWriter i32(int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
    return this;
  }

  public TlWriter i64(long v) {
    i32((int) v);
    return i32((int) (v >>> 32));
  }

  public TlWriter f64(double v) {
    return i64(Double.doubleToRawLongBits(v));
  }

  /** An {@code int256}: 32 bytes as they are. */
  public TlWriter i256(byte[] v) {
    if (v.length != 32) {
      throw new IllegalArgumentException("an int256 is 32 bytes");
    }
    out.write(v, 0, 32);
    return this;
  }

  public TlWriter bool(boolean v) {
    return id(v ? CocoonIds.BOOL_TRUE : CocoonIds.BOOL_FALSE);
  }

  public TlWriter bytes(byte[] v) {
    int header;
    if (v.length < 254) {
      out.write(v.length);
      header = 1;
    } else if (v.length < (1 << 24)) {
      out.write(254);
      out.write(v.length);
      out.write(v.length >>> 8);
      out.write(v.length >>> 16);
      header = 4;
    } else {
      throw new IllegalArgumentException("TL bytes of " + v.length + " bytes");
    }
    out.write(v, 0, v.length);
    for (int pad = (4 - (header + v.length) % 4) % 4; pad > 0; pad--) {
      out.write(0);
    }
    return this;
  }

  public TlWriter string(String v) {
    return bytes(v.getBytes(StandardCharsets.UTF_8));
  }

  /** Already-serialized TL (a nested boxed object). */
  public TlWriter raw(byte[] tl) {
    out.write(tl, 0, tl.length);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
