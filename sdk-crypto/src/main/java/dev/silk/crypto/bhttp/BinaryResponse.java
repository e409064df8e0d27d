package dev.silk.crypto.bhttp;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.BinaryHttpCodec;
import java.util.Objects;

/**
 * An HTTP response in Binary HTTP's known-length form (RFC 9292 §3, framing indicator 1), the
 * plaintext of an Oblivious HTTP response. Informational (1xx) responses before the final one are
 * read and dropped. Encoding leaves out trailing empty sections; decoding accepts truncation and
 * zero padding. Immutable.
 */
public final class BinaryResponse {
  private static final long FRAMING = 1;

  private final int status;
  private final Fields headers;
  private final byte[] content;
  private final Fields trailers;

  /**
   * @param status a final status, 200–599
   */
  public BinaryResponse(int status, Fields headers, byte[] content, Fields trailers) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("a final status is 200-599: " + status);
    }
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.content = Objects.requireNonNull(content, "content").clone();
    this.trailers = Objects.requireNonNull(trailers, "trailers");
  }

  /** A response with headers and content and no trailers. */
  public static BinaryResponse of(int status, Fields headers, byte[] content) {
    return new BinaryResponse(status, headers, content, Fields.EMPTY);
  }

  /** The known-length encoding, truncated after its last non-empty section. */
  public byte[] encode() {
    return new BinaryHttpCodec.Writer().varint(FRAMING).varint(status)
        .sections(headers.list(), content, trailers.list()).toByteArray();
  }

  /**
   * Decodes a known-length response.
   *
   * @throws SilkCryptoException {@code malformed}: another framing indicator, a status outside
   *     100–599, a length past the end, or bytes after it other than padding
   */
  public static BinaryResponse decode(byte[] bytes) throws SilkCryptoException {
    BinaryHttpCodec.Reader in = new BinaryHttpCodec.Reader(bytes);
    long framing = in.varint("framing indicator");
    if (framing != FRAMING) {
      throw malformed("framing indicator " + framing + " is not a known-length response");
    }
    long status = in.varint("status");
    while (status >= 100 && status < 200) {
      in.fields("informational field section");
      status = in.varint("status");
    }
    if (status < 200 || status > 599) {
      throw malformed("status " + status);
    }
    BinaryHttpCodec.Sections sections = in.sections("response");
    return new BinaryResponse((int) status, Fields.of(sections.headers), sections.content,
        Fields.of(sections.trailers));
  }

  public int status() {
    return status;
  }

  public Fields headers() {
    return headers;
  }

  public byte[] content() {
    return content.clone();
  }

  public Fields trailers() {
    return trailers;
  }

  private static SilkCryptoException malformed(String reason) {
    return new SilkCryptoException(ErrorCode.MALFORMED, "Binary HTTP: " + reason);
  }
}
