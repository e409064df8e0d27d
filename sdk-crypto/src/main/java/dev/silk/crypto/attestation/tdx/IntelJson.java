package dev.silk.crypto.attestation.tdx;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Typed reads from Intel's collateral JSON (strict RFC 8259 via Gson): each missing or mistyped
 * field is a {@link dev.silk.crypto.ErrorCode#MALFORMED} error naming it. Stateless; the
 * documents are parsed only after their signature verified.
 */
final class IntelJson {
  private IntelJson() {}

  static JsonObject parse(String json, String what) throws SilkCryptoException {
    try (JsonReader reader = new JsonReader(new StringReader(json))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT || !element.isJsonObject()) {
        throw IntelPki.malformed(what + " is not one JSON object");
      }
      return element.getAsJsonObject();
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw IntelPki.malformed(what + " is not valid JSON");
    }
  }

  static JsonObject object(JsonObject in, String field, String what) throws SilkCryptoException {
    JsonElement e = in.get(field);
    if (e == null || !e.isJsonObject()) {
      throw missing(what, field, "an object");
    }
    return e.getAsJsonObject();
  }

  static List<JsonObject> objects(JsonObject in, String field, String what) throws SilkCryptoException {
    JsonElement e = in.get(field);
    if (e == null || !e.isJsonArray()) {
      throw missing(what, field, "an array");
    }
    JsonArray array = e.getAsJsonArray();
    List<JsonObject> out = new ArrayList<>(array.size());
    for (JsonElement item : array) {
      if (!item.isJsonObject()) {
        throw missing(what, field, "an array of objects");
      }
      out.add(item.getAsJsonObject());
    }
    return out;
  }

  static String string(JsonObject in, String field, String what) throws SilkCryptoException {
    JsonElement e = in.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw missing(what, field, "a string");
    }
    return e.getAsString();
  }

  /** The strings of an optional array field (absent: empty). */
  static List<String> strings(JsonObject in, String field, String what) throws SilkCryptoException {
    JsonElement e = in.get(field);
    if (e == null) {
      return Collections.emptyList();
    }
    if (!e.isJsonArray()) {
      throw missing(what, field, "an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonElement item : e.getAsJsonArray()) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw missing(what, field, "an array of strings");
      }
      out.add(item.getAsString());
    }
    return Collections.unmodifiableList(out);
  }

  /** An integer field within {@code 0..max}. */
  static int integer(JsonObject in, String field, int max, String what) throws SilkCryptoException {
    JsonElement e = in.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw missing(what, field, "a number");
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    try {
      BigDecimal value = p.getAsBigDecimal();
      int exact = value.intValueExact();
      if (exact < 0 || exact > max) {
        throw missing(what, field, "an integer from 0 to " + max);
      }
      return exact;
    } catch (ArithmeticException | NumberFormatException ex) {
      throw missing(what, field, "an integer from 0 to " + max);
    }
  }

  /** A hex string field of exactly {@code bytes} bytes. */
  static byte[] hex(JsonObject in, String field, int bytes, String what) throws SilkCryptoException {
    String text = string(in, field, what);
    try {
      byte[] out = Hex.decode(text);
      if (out.length == bytes) {
        return out;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw missing(what, field, "hex of " + bytes + " bytes");
  }

  /** An RFC 3339 UTC instant such as {@code 2026-01-03T05:16:25Z}. */
  static Instant instant(JsonObject in, String field, String what) throws SilkCryptoException {
    String text = string(in, field, what);
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw missing(what, field, "an RFC 3339 UTC time");
    }
  }

  private static SilkCryptoException missing(String what, String field, String type) {
    return IntelPki.malformed(what + ": '" + field + "' must be " + type);
  }
}
