package dev.silk.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes DER elements: what {@link Der} reads. Stateless. */
public final class DerWriter {
  private DerWriter() {}

  /** One element: {@code tag}, its definite length, {@code contents}. */
  public static byte[] element(int tag, byte[]... contents) {
    int length = 0;
    for (byte[] c : contents) {
      length += c.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    for (byte[] c : contents) {
      out.write(c, 0, c.length);
    }
    return out.toByteArray();
  }

  public static byte[] sequence(byte[]... contents) {
    return element(Der.TAG_SEQUENCE, contents);
  }

  /** An OID in dotted form. */
  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    base128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(body, Long.parseLong(arcs[i]));
    }
    return element(Der.TAG_OID, body.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((value >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  /** A non-negative INTEGER from big-endian magnitude bytes. */
  public static byte[] unsignedInteger(byte[] magnitude) {
    int start = 0;
    while (start < magnitude.length - 1 && magnitude[start] == 0) {
      start++;
    }
    byte[] trimmed = java.util.Arrays.copyOfRange(magnitude, start, magnitude.length);
    if ((trimmed[0] & 0x80) != 0) {
      byte[] padded = new byte[trimmed.length + 1];
      System.arraycopy(trimmed, 0, padded, 1, trimmed.length);
      trimmed = padded;
    }
    return element(Der.TAG_INTEGER, trimmed);
  }

  /** A BIT STRING with no unused bits. */
  public static byte[] bitString(byte[] bits) {
    byte[] body = new byte[bits.length + 1];
    System.arraycopy(bits, 0, body, 1, bits.length);
    return element(Der.TAG_BIT_STRING, body);
  }

  public static byte[] octetString(byte[] value) {
    return element(Der.TAG_OCTET_STRING, value);
  }

  public static byte[] bool(boolean value) {
    return element(Der.TAG_BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0)});
  }

  /** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
  public static byte[] time(Instant instant) {
    boolean utc = instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"));
    String text = DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'")
        .withZone(ZoneOffset.UTC).format(instant);
    return element(utc ? Der.TAG_UTC_TIME : Der.TAG_GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A UTF8String. */
  public static byte[] utf8(String text) {
    return element(0x0C, text.getBytes(StandardCharsets.UTF_8));
  }
}
