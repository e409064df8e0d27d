package dev.silk.crypto.error;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An error a node signs (spec-v1 §5, tag 4, {@code "silk/1 error"}): its code, the request it
 * concerns (all zero before decryption), how long to wait before retrying, a short message
 * without user content, and the time. A client trusts a Retry-After only from a signed error.
 * Immutable and thread-safe.
 *
 * <pre>
 * body = u16 version || fixed[32] node_id || u16 code || fixed[16] request_id
 *     || u64 retry_after_ms || string message (&lt;= 512) || u64 issued_at_ms
 * </pre>
 */
public final class NodeError {
  /** Longest message, in UTF-8 bytes. */
  public static final int MAX_MESSAGE = 512;
  private static final byte[] NO_REQUEST = new byte[RequestId.LENGTH];

  private final byte[] bytes;
  private final NodeId nodeId;
  private final ErrorCode code;
  private final byte[] requestId;
  private final Duration retryAfter;
  private final String message;
  private final Instant issuedAt;

  private NodeError(byte[] bytes, NodeId nodeId, ErrorCode code, byte[] requestId, Duration retryAfter,
      String message, Instant issuedAt) {
    this.bytes = bytes;
    this.nodeId = nodeId;
    this.code = code;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
    this.message = message;
    this.issuedAt = issuedAt;
  }

  /**
   * Signs an error.
   *
   * @param requestId the request it concerns, or null before the request was decrypted
   * @param message a short reason; it must not contain user content
   */
  public static NodeError sign(SigningPrivateKey key, ErrorCode code, RequestId requestId, Duration retryAfter,
      String message, Instant issuedAt) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(issuedAt, "issuedAt");
    byte[] utf8 = Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message longer than " + MAX_MESSAGE + " bytes");
    }
    byte[] body = new ByteWriter(128 + utf8.length)
        .u16(ProtocolVersion.V1)
        .fixed(key.publicKey().nodeId().toBytes())
        .u16(code.number())
        .fixed(requestId == null ? NO_REQUEST : requestId.toBytes())
        .u64(retryAfter.toMillis())
        .bytes(utf8)
        .u64(issuedAt.toEpochMilli())
        .toByteArray();
    return SignedFrame.signAndParse(SignedType.ERROR, body, key, NodeError::parse);
  }

  /**
   * Parses a signed error; the signature is checked by {@link #verify}.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION}
   *     or {@link ErrorCode#UNEXPECTED_TYPE}
   */
  public static NodeError parse(byte[] bytes) throws SilkCryptoException {
    SignedFrame frame = SignedFrame.parse(bytes, SignedType.ERROR);
    ByteReader in = frame.bodyReader();
    NodeId nodeId = NodeId.fromBytes(in.fixed(NodeId.LENGTH, "node id"));
    ErrorCode code = ErrorCode.fromNumber(in.u16("code"));
    byte[] requestId = in.fixed(RequestId.LENGTH, "request id");
    Duration retryAfter = Duration.ofMillis(in.u64("retry after"));
    String message = in.string(MAX_MESSAGE, "message");
    Instant issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    in.expectEnd();
    return new NodeError(bytes.clone(), nodeId, code, requestId, retryAfter, message, issuedAt);
  }

  /**
   * Checks the signature under {@code nodeKey} and that the error names that node.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE}
   */
  public NodeError verify(SigningPublicKey nodeKey) throws SilkCryptoException {
    SignedFrame.verifyFromNode(bytes, SignedType.ERROR, nodeKey, nodeId);
    return this;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public ErrorCode code() {
    return code;
  }

  /** Whether the error concerns {@code id} (an error raised before decryption concerns none). */
  public boolean concerns(RequestId id) {
    return Arrays.equals(requestId, id.toBytes());
  }

  /** How long the node asks the client to wait before retrying; zero for none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public String message() {
    return message;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  /** The exact signed bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "NodeError[" + code.wireName() + ", retryAfter=" + retryAfter + ", " + message + "]";
  }
}
