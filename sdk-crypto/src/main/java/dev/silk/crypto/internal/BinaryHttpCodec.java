package dev.silk.crypto.internal;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire pieces of Binary HTTP's known-length messages (RFC 9292): QUIC variable-length
 * integers (RFC 9000 §16), length-prefixed strings and field sections. A reader refuses lengths
 * past the end of its input and integers that do not fit. Not thread-safe; one per message.
 */
public final class BinaryHttpCodec {
  /** Writes one message. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer varint(long value) {
      if (value < 0 || value > 0x3fffffffffffffffL) {
        throw new IllegalArgumentException("a varint holds 0..2^62-1: " + value);
      }
      // The two high bits of the first byte give the length: 1, 2, 4 or 8 bytes.
      int length = value < 0x40 ? 1 : value < 0x4000 ? 2 : value < 0x40000000 ? 4 : 8;
      long prefixed = value | (long) Integer.numberOfTrailingZeros(length) << (8 * length - 2);
      for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
        out.write((int) (prefixed >>> shift));
      }
      return this;
    }

    public Writer bytes(byte[] bytes) {
      varint(bytes.length);
      out.write(bytes, 0, bytes.length);
      return this;
    }

    public Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A known-length field section: its length, then each name and value. */
    public Writer fields(List<Map.Entry<String, String>> fields) {
      Writer section = new Writer();
      for (Map.Entry<String, String> f : fields) {
        section.string(f.getKey()).string(f.getValue());
      }
      return bytes(section.toByteArray());
    }

    /**
     * The header section, content and trailer section that end every known-length message,
     * leaving out the trailing ones that are empty (a truncated message, RFC 9292 §3.8).
     */
    public Writer sections(List<Map.Entry<String, String>> headers, byte[] content,
        List<Map.Entry<String, String>> trailers) {
      boolean contentOrMore = !trailers.isEmpty() || content.length > 0;
      if (contentOrMore || !headers.isEmpty()) {
        fields(headers);
      }
      if (contentOrMore) {
        bytes(content);
      }
      if (!trailers.isEmpty()) {
        fields(trailers);
      }
      return this;
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** A message's header section, content and trailer section. Immutable. */
  public static final class Sections {
    public final List<Map.Entry<String, String>> headers;
    public final byte[] content;
    public final List<Map.Entry<String, String>> trailers;

    Sections(List<Map.Entry<String, String>> headers, byte[] content, List<Map.Entry<String, String>> trailers) {
      this.headers = headers;
      this.content = content;
      this.trailers = trailers;
    }
  }

  /** Reads one message. */
  public static final class Reader {
    private final byte[] in;
    private int at;
    private final int end;

    public Reader(byte[] in) {
      this(in, 0, in.length);
    }

    private Reader(byte[] in, int from, int end) {
      this.in = in;
      this.at = from;
      this.end = end;
    }

    public boolean atEnd() {
      return at == end;
    }

    /** Whether only padding (zero bytes) is left (RFC 9292 §3.8). */
    public boolean onlyPaddingLeft() {
      for (int i = at; i < end; i++) {
        if (in[i] != 0) {
          return false;
        }
      }
      return true;
    }

    public long varint(String field) throws SilkCryptoException {
      need(1, field);
      int first = in[at] & 0xff;
      int length = 1 << (first >>> 6);
      need(length, field);
      long value = first & 0x3f;
      for (int i = 1; i < length; i++) {
        value = value << 8 | (in[at + i] & 0xff);
      }
      at += length;
      return value;
    }

    public byte[] bytes(String field) throws SilkCryptoException {
      long length = varint(field + " length");
      if (length > end - at) {
        throw malformed(field + " of " + length + " bytes runs past the message");
      }
      byte[] out = java.util.Arrays.copyOfRange(in, at, at + (int) length);
      at += (int) length;
      return out;
    }

    public String string(String field) throws SilkCryptoException {
      return new String(bytes(field), StandardCharsets.ISO_8859_1);
    }

    /** A known-length field section. */
    public List<Map.Entry<String, String>> fields(String section) throws SilkCryptoException {
      byte[] bytes = bytes(section);
      Reader fields = new Reader(bytes, 0, bytes.length);
      List<Map.Entry<String, String>> out = new ArrayList<>();
      while (!fields.atEnd()) {
        String name = fields.string(section + " field name");
        if (name.isEmpty()) {
          throw malformed(section + ": an empty field name");
        }
        out.add(new AbstractMap.SimpleImmutableEntry<>(name, fields.string(section + " field value")));
      }
      return out;
    }

    /**
     * The header section, content and trailer section, any of them truncated, then nothing but
     * padding.
     *
     * @throws SilkCryptoException {@code malformed}, also for bytes after them that are not padding
     */
    public Sections sections(String message) throws SilkCryptoException {
      List<Map.Entry<String, String>> headers = onlyPaddingLeft() ? new ArrayList<>() : fields("header section");
      byte[] content = onlyPaddingLeft() ? new byte[0] : bytes("content");
      List<Map.Entry<String, String>> trailers = onlyPaddingLeft() ? new ArrayList<>() : fields("trailer section");
      if (!onlyPaddingLeft()) {
        throw malformed("bytes after the " + message);
      }
      return new Sections(headers, content, trailers);
    }

    private void need(int bytes, String field) throws SilkCryptoException {
      if (end - at < bytes) {
        throw malformed(field + " runs past the message");
      }
    }

    private static SilkCryptoException malformed(String reason) {
      return new SilkCryptoException(ErrorCode.MALFORMED, "Binary HTTP: " + reason);
    }
  }

  private BinaryHttpCodec() {}
}
