package dev.silk.crypto.bhttp;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.BinaryHttpCodec;
import java.util.Objects;

/**
 * An HTTP request in Binary HTTP's known-length form (RFC 9292 §3, framing indicator 0), the
 * plaintext of an Oblivious HTTP request. Encoding leaves out trailing empty sections (a
 * truncated message, §3.8); decoding accepts truncation and zero padding. Immutable.
 *
 * <pre>{@code
 * byte[] bytes = BinaryRequest.builder().method("POST").scheme("https").authority("node.example")
 *     .path("/v1/sealed/chat/completions").headers(Fields.of("content-type", type)).content(body)
 *     .build().encode();
 * }</pre>
 */
public final class BinaryRequest {
  private static final long FRAMING = 0;

  private final String method;
  private final String scheme;
  private final String authority;
  private final String path;
  private final Fields headers;
  private final byte[] content;
  private final Fields trailers;

  private BinaryRequest(Builder b) {
    this.method = b.method;
    this.scheme = b.scheme;
    this.authority = b.authority;
    this.path = b.path;
    this.headers = b.headers;
    this.content = b.content;
    this.trailers = b.trailers;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The known-length encoding, truncated after its last non-empty section. */
  public byte[] encode() {
    return new BinaryHttpCodec.Writer().varint(FRAMING).string(method).string(scheme).string(authority).string(path)
        .sections(headers.list(), content, trailers.list()).toByteArray();
  }

  /**
   * Decodes a known-length request.
   *
   * @throws SilkCryptoException {@code malformed}: another framing indicator (an indeterminate-
   *     length message or a response), a length past the end, or bytes after it other than padding
   */
  public static BinaryRequest decode(byte[] bytes) throws SilkCryptoException {
    BinaryHttpCodec.Reader in = new BinaryHttpCodec.Reader(bytes);
    long framing = in.varint("framing indicator");
    if (framing != FRAMING) {
      throw new SilkCryptoException(dev.silk.crypto.ErrorCode.MALFORMED, "Binary HTTP: framing indicator "
          + framing + " is not a known-length request");
    }
    Builder b = builder().method(in.string("method")).scheme(in.string("scheme")).authority(in.string("authority"))
        .path(in.string("path"));
    BinaryHttpCodec.Sections sections = in.sections("request");
    b.headers(Fields.of(sections.headers)).content(sections.content).trailers(Fields.of(sections.trailers));
    return b.build();
  }

  public String method() {
    return method;
  }

  public String scheme() {
    return scheme;
  }

  public String authority() {
    return authority;
  }

  public String path() {
    return path;
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

  /** Builds a {@link BinaryRequest}; method, scheme, authority and path are required. Not thread-safe. */
  public static final class Builder {
    private String method;
    private String scheme;
    private String authority;
    private String path;
    private Fields headers = Fields.EMPTY;
    private byte[] content = new byte[0];
    private Fields trailers = Fields.EMPTY;

    private Builder() {}

    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    public Builder scheme(String scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    public Builder authority(String authority) {
      this.authority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    public Builder headers(Fields headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    public Builder content(byte[] content) {
      this.content = Objects.requireNonNull(content, "content").clone();
      return this;
    }

    public Builder trailers(Fields trailers) {
      this.trailers = Objects.requireNonNull(trailers, "trailers");
      return this;
    }

    public BinaryRequest build() {
      if (method == null || scheme == null || authority == null || path == null) {
        throw new IllegalStateException("method, scheme, authority and path are required");
      }
      if (method.isEmpty()) {
        throw new IllegalStateException("the method is not empty");
      }
      return new BinaryRequest(this);
    }
  }
}
