package dev.silk.ton.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads TON Center's JSON as a tree. Its API writes 64-bit numbers as strings or numbers
 * depending on the field, so values are read leniently here and checked where used; anything
 * missing or of the wrong shape is an {@link IOException} naming the field.
 */
public final class JsonTree {
  private static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);

  private JsonTree() {}

  public static Object parse(byte[] json) throws IOException {
    try {
      return ANY.fromJson(new String(json, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IOException("not JSON", e);
    }
  }

  public static String write(Object tree) {
    return ANY.toJson(tree);
  }

  public static Map<?, ?> object(Object value, String field) throws IOException {
    if (!(value instanceof Map)) {
      throw new IOException(field + " is not an object");
    }
    return (Map<?, ?>) value;
  }

  public static List<?> array(Object value, String field) throws IOException {
    if (value == null) {
      return Collections.emptyList();
    }
    if (!(value instanceof List)) {
      throw new IOException(field + " is not an array");
    }
    return (List<?>) value;
  }

  public static String string(Map<?, ?> object, String field) throws IOException {
    Object v = object.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      throw new IOException(field + " is not a string");
    }
    return (String) v;
  }

  /** A whole number written as a JSON number or a decimal (or {@code 0x} hex) string. */
  public static BigInteger integer(Object v, String field) throws IOException {
    try {
      if (v instanceof Number) {
        return new BigDecimal(v.toString()).toBigIntegerExact();
      }
      if (v instanceof String) {
        String s = ((String) v).trim();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        BigInteger n = digits.startsWith("0x") || digits.startsWith("0X")
            ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
        return negative ? n.negate() : n;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IOException(field + " is not a whole number");
    }
    throw new IOException(field + " is missing or not a number");
  }

  public static long longValue(Map<?, ?> object, String field, long absent) throws IOException {
    Object v = object.get(field);
    if (v == null) {
      return absent;
    }
    BigInteger n = integer(v, field);
    if (n.bitLength() > 63) {
      throw new IOException(field + " does not fit in 64 bits");
    }
    return n.longValue();
  }

  public static byte[] base64(Map<?, ?> object, String field) throws IOException {
    String s = string(object, field);
    if (s == null || s.isEmpty()) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IOException(field + " is not base64");
    }
  }
}
