package dev.silk.core.chat;

import java.util.Base64;
import java.util.Objects;

/**
 * One part of a user message for vision models: text, or an image given by URL or by its bytes.
 * Immutable and thread-safe. Its {@link #toString()} never shows the text or the image.
 *
 * <pre>{@code
 * ChatMessage question = ChatMessage.user(
 *     ContentPart.text("What is on this receipt?"),
 *     ContentPart.image(Files.readAllBytes(photo), "image/jpeg"));
 * }</pre>
 *
 * Images travel inside the sealed request like the text. A COCOON transport refuses them
 * before sending (its runner takes text only).
 */
public final class ContentPart {
  /** What a part holds. */
  public enum Type {
    TEXT,
    IMAGE_URL
  }

  private final Type type;
  private final String text;
  private final String url;
  private final String detail;

  private ContentPart(Type type, String text, String url, String detail) {
    this.type = type;
    this.text = text;
    this.url = url;
    this.detail = detail;
  }

  public static ContentPart text(String text) {
    return new ContentPart(Type.TEXT, Objects.requireNonNull(text, "text"), null, null);
  }

  /** An image the model fetches itself, by {@code https://} URL (or a {@code data:image/...} URL). */
  public static ContentPart imageUrl(String url) {
    return new ContentPart(Type.IMAGE_URL, null, imageLocation(url), null);
  }

  /**
   * As {@link #imageUrl(String)}, with OpenAI's {@code detail}: {@code "auto"}, {@code "low"}
   * or {@code "high"}.
   */
  public static ContentPart imageUrl(String url, String detail) {
    if (!"auto".equals(detail) && !"low".equals(detail) && !"high".equals(detail)) {
      throw new IllegalArgumentException("detail must be auto, low or high");
    }
    return new ContentPart(Type.IMAGE_URL, null, imageLocation(url), detail);
  }

  /** An image given by its bytes, sent as a base64 {@code data:} URL of {@code mediaType} ({@code image/png} …). */
  public static ContentPart image(byte[] data, String mediaType) {
    if (!Objects.requireNonNull(mediaType, "mediaType").matches("image/[a-z0-9.+-]+")) {
      throw new IllegalArgumentException("mediaType must be an image type such as image/png");
    }
    if (Objects.requireNonNull(data, "data").length == 0) {
      throw new IllegalArgumentException("the image is empty");
    }
    return new ContentPart(Type.IMAGE_URL, null, "data:" + mediaType + ";base64,"
        + Base64.getEncoder().encodeToString(data), null);
  }

  /** Internal: rebuilds a part decoded from JSON. */
  public static ContentPart of(Type type, String text, String url, String detail) {
    return new ContentPart(Objects.requireNonNull(type, "type"), text, url, detail);
  }

  private static String imageLocation(String url) {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("data:image/")) {
      throw new IllegalArgumentException("an image URL must be https://, http:// or data:image/...");
    }
    return url;
  }

  public Type type() {
    return type;
  }

  /** The text of a {@link Type#TEXT} part; else null. */
  public String text() {
    return text;
  }

  /** The image's URL ({@code https://…} or {@code data:image/…;base64,…}) of an image part; else null. */
  public String url() {
    return url;
  }

  /** The image detail asked for, or null for the model's default. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return type == Type.TEXT ? "ContentPart[text, " + text.length() + " chars]"
        : "ContentPart[image, " + url.length() + " chars of URL]";
  }
}
