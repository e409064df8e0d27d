package dev.silk.crypto.envelope;

import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.ResponseKey;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.Padding;
import dev.silk.crypto.internal.Versions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * What a client seals to a node (spec-v1 §3.2): the model, the OpenAI-style chat request body,
 * a fresh {@link ResponseKey}, a {@link RequestId}, a timestamp and the payment state. Its
 * {@link #toString()} shows neither the body nor the key. Immutable and thread-safe.
 *
 * <pre>{@code
 * RequestPayload payload = RequestPayload.builder()
 *     .model("echo")
 *     .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(UTF_8))
 *     .build();   // request id, response key and timestamp are fresh unless set
 * }</pre>
 */
public final class RequestPayload {
  /** Longest model name, in UTF-8 bytes. */
  public static final int MAX_MODEL = 256;
  /** Largest chat request body. */
  public static final int MAX_BODY = 4 << 20;
  /** Largest payment state. */
  public static final int MAX_PAYMENT = 64 << 10;

  private static final int FLAG_STREAM = 1;
  private static final int FLAG_LENGTH_BUCKETS = 2;

  private final RequestId requestId;
  private final Instant timestamp;
  private final ResponseKey responseKey;
  private final String model;
  private final boolean stream;
  private final byte[] body;
  private final byte[] payment;
  /** Flag bit 1: this payload, and every chunk of its answer, is padded to a length bucket. */
  private final boolean lengthBuckets;

  private RequestPayload(Builder b) {
    this.lengthBuckets = b.lengthBuckets;
    this.requestId = b.requestId != null ? b.requestId : RequestId.random();
    this.timestamp = Instant.ofEpochMilli((b.timestamp != null ? b.timestamp : Instant.now()).toEpochMilli());
    this.responseKey = b.responseKey != null ? b.responseKey : ResponseKey.generate();
    this.model = b.model;
    this.stream = b.stream;
    this.body = b.body;
    this.payment = b.payment;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RequestId requestId() {
    return requestId;
  }

  /** Client clock at sealing, millisecond precision. */
  public Instant timestamp() {
    return timestamp;
  }

  public ResponseKey responseKey() {
    return responseKey;
  }

  public String model() {
    return model;
  }

  /** Whether the client asks for a streamed (chunked) answer. */
  public boolean stream() {
    return stream;
  }

  /** Whether the client asked for length buckets: its payload and every chunk of the answer are padded to one. */
  public boolean lengthBuckets() {
    return lengthBuckets;
  }

  /** The chat request body (a copy): handle it as private user content. */
  public byte[] body() {
    return body.clone();
  }

  /** The opaque payment state (a copy); empty when the node runs without payment. */
  public byte[] payment() {
    return payment.clone();
  }

  /** The padded plaintext that is sealed. */
  byte[] encode() {
    byte[] encoded = encodeUnpadded();
    return lengthBuckets ? Padding.padToBucket(encoded) : Padding.pad(encoded);
  }

  private byte[] encodeUnpadded() {
    return new ByteWriter(body.length + payment.length + 128)
            .u16(ProtocolVersion.V1)
            .fixed(requestId.toBytes())
            .u64(timestamp.toEpochMilli())
            .fixed(responseKey.toBytes(SecretAccess.grant()))
            .string(model)
            .u8((stream ? FLAG_STREAM : 0) | (lengthBuckets ? FLAG_LENGTH_BUCKETS : 0))
            .bytes(body)
            .bytes(payment)
            .toByteArray();
  }

  static RequestPayload decode(byte[] plaintext) throws SilkCryptoException {
    ByteReader in = new ByteReader(plaintext, "request payload");
    Versions.check(in.u16("version"), "request payload");
    Builder b = builder();
    b.requestId(RequestId.fromBytes(in.fixed(RequestId.LENGTH, "request id")));
    b.timestamp(Instant.ofEpochMilli(in.u64("timestamp")));
    b.responseKey(ResponseKey.fromBytes(in.fixed(ResponseKey.LENGTH, "response key"), SecretAccess.grant()));
    b.model = in.string(MAX_MODEL, "model");
    int flags = in.u8("flags");
    if ((flags & ~(FLAG_STREAM | FLAG_LENGTH_BUCKETS)) != 0) {
      throw in.malformed("unknown flags");
    }
    b.stream = (flags & FLAG_STREAM) != 0;
    b.lengthBuckets = (flags & FLAG_LENGTH_BUCKETS) != 0;
    b.body = in.bytes(MAX_BODY, "body");
    b.payment = in.bytes(MAX_PAYMENT, "payment");
    Padding.check(plaintext, in.position(), "request payload");
    if (b.model.isEmpty()) {
      throw in.malformed("empty model");
    }
    return new RequestPayload(b);
  }

  @Override
  public String toString() {
    return "RequestPayload[" + requestId + ", model=" + model + ", stream=" + stream + ", lengthBuckets="
        + lengthBuckets + ", body=" + body.length + " bytes, payment=" + payment.length + " bytes]";
  }

  /** Builds a {@link RequestPayload}; not thread-safe. */
  public static final class Builder {
    private RequestId requestId;
    private Instant timestamp;
    private ResponseKey responseKey;
    private String model;
    private boolean stream;
    private byte[] body;
    private byte[] payment = new byte[0];
    private boolean lengthBuckets;

    private Builder() {}

    /** Sets the request id; a random one is used if not set. */
    public Builder requestId(RequestId requestId) {
      this.requestId = Objects.requireNonNull(requestId, "requestId");
      return this;
    }

    /** Sets the timestamp; the current time is used if not set. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /** Sets the response key; a fresh one is generated if not set. */
    public Builder responseKey(ResponseKey responseKey) {
      this.responseKey = Objects.requireNonNull(responseKey, "responseKey");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /** The OpenAI-style chat request, UTF-8 JSON. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    public Builder payment(byte[] payment) {
      this.payment = Objects.requireNonNull(payment, "payment").clone();
      return this;
    }

    /** @throws IllegalArgumentException if the model or body is missing or too long */
    /**
     * Length hiding (spec §4.3, flag bit 1): the sealed payload, and every chunk of the node's
     * answer, is padded to a length bucket (a power of two from 256 bytes to 64 KiB, then
     * multiples of 64 KiB) instead of the next 256 bytes, so that sizes show only their bucket.
     * Costs up to twice the bytes each way.
     */
    public Builder lengthBuckets(boolean lengthBuckets) {
      this.lengthBuckets = lengthBuckets;
      return this;
    }

    public RequestPayload build() {
      if (model == null || model.isEmpty()) {
        throw new IllegalArgumentException("model is required");
      }
      if (model.getBytes(StandardCharsets.UTF_8).length > MAX_MODEL) {
        throw new IllegalArgumentException("model name longer than " + MAX_MODEL + " bytes");
      }
      if (body == null) {
        throw new IllegalArgumentException("body is required");
      }
      if (body.length > MAX_BODY) {
        throw new IllegalArgumentException("body larger than " + MAX_BODY + " bytes");
      }
      if (payment.length > MAX_PAYMENT) {
        throw new IllegalArgumentException("payment state larger than " + MAX_PAYMENT + " bytes");
      }
      return new RequestPayload(this);
    }
  }
}
