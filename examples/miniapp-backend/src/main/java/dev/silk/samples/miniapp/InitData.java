package dev.silk.samples.miniapp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Telegram Mini App {@code initData}, validated as Telegram specifies
 * (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
 * {@code secret_key = HMAC-SHA256(key "WebAppData", bot token)},
 * {@code hash = hex(HMAC-SHA256(secret_key, data_check_string))}, where the data-check string is
 * every received field but {@code hash}, sorted by key, as {@code key=value} lines joined by
 * {@code \n}. The hash is compared in constant time, and {@code auth_date} must be recent.
 * Immutable.
 */
public final class InitData {
  private final Map<String, String> fields;

  private InitData(Map<String, String> fields) {
    this.fields = fields;
  }

  /** Why an {@code initData} was refused (never says which byte differed). */
  public static final class InvalidInitData extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidInitData(String reason) {
      super(reason);
    }
  }

  /**
   * Parses and validates {@code initData} (the query string the Mini App got from Telegram).
   *
   * @throws InvalidInitData if it is malformed, not signed for {@code botToken}, or older than {@code maxAge}
   */
  public static InitData validate(String initData, String botToken, Duration maxAge, Instant now)
      throws InvalidInitData {
    Objects.requireNonNull(botToken, "botToken");
    Map<String, String> fields = new TreeMap<>();
    for (String pair : Objects.requireNonNull(initData, "initData").split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInitData("malformed field");
      }
      String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      if (fields.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
        throw new InvalidInitData("repeated field " + key);
      }
    }
    String hash = fields.remove("hash");
    if (hash == null || hash.length() != 64) {
      throw new InvalidInitData("no hash");
    }
    byte[] expected = hexOf(sign(fields, botToken));
    if (!MessageDigest.isEqual(expected, hash.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw new InvalidInitData("hash does not match");
    }
    long authDate;
    try {
      authDate = Long.parseLong(fields.getOrDefault("auth_date", ""));
    } catch (NumberFormatException e) {
      throw new InvalidInitData("no auth_date");
    }
    if (Duration.between(Instant.ofEpochSecond(authDate), now).compareTo(maxAge) > 0) {
      throw new InvalidInitData("initData older than " + maxAge);
    }
    return new InitData(fields);
  }

  /** The hash Telegram computes over {@code fields} (all but {@code hash}) with {@code botToken}. */
  static byte[] sign(Map<String, String> fields, String botToken) {
    StringBuilder check = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
      if (check.length() > 0) {
        check.append('\n');
      }
      check.append(e.getKey()).append('=').append(e.getValue());
    }
    byte[] secret = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken.getBytes(StandardCharsets.UTF_8));
    return hmac(secret, check.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  private static byte[] hexOf(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return out;
  }

  /** A validated field ({@code user} is the user's JSON), or null. */
  public String field(String key) {
    return fields.get(key);
  }
}
