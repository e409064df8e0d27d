package dev.silk.crypto.registry;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node's signed statement "my descriptor is served at this URL" (spec-v1 §14.1, tag 7,
 * {@code "silk/1 node-announcement"}), sent to a registry and refreshed before it goes stale.
 * Signed by the descriptor's own signing key, so nobody can point a node's identity at another
 * address. Immutable and thread-safe.
 *
 * <pre>
 * body = u16 version || string url || bytes signed_descriptor || u64 issued_at_ms
 * </pre>
 */
public final class NodeAnnouncement {
  /** How far an announcement's time may be from the registry's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final byte[] bytes;
  private final String url;
  private final SignedDescriptor descriptor;
  private final Instant issuedAt;

  private NodeAnnouncement(byte[] bytes, String url, SignedDescriptor descriptor, Instant issuedAt) {
    this.bytes = bytes;
    this.url = url;
    this.descriptor = descriptor;
    this.issuedAt = issuedAt;
  }

  /**
   * Signs an announcement with the descriptor's key.
   *
   * @throws IllegalArgumentException if {@code key} is not the descriptor's signing key or the
   *     URL is not an absolute http(s) URL
   */
  public static NodeAnnouncement sign(SigningPrivateKey key, String url, SignedDescriptor descriptor,
      Instant issuedAt) {
    if (!key.publicKey().equals(descriptor.signingKey())) {
      throw new IllegalArgumentException("an announcement is signed by the descriptor's signing key");
    }
    byte[] body = new ByteWriter(descriptor.toBytes().length + 128)
        .u16(ProtocolVersion.V1)
        .string(NodeUrls.require(url))
        .bytes(descriptor.toBytes())
        .u64(issuedAt.toEpochMilli())
        .toByteArray();
    return SignedFrame.signAndParse(SignedType.NODE_ANNOUNCEMENT, body, key, NodeAnnouncement::parse);
  }

  /**
   * Parses an announcement and checks both signatures: the descriptor's own and the
   * announcement's, by the same key.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION},
   *     {@link ErrorCode#UNEXPECTED_TYPE} or {@link ErrorCode#BAD_SIGNATURE}
   */
  public static NodeAnnouncement parse(byte[] bytes) throws SilkCryptoException {
    SignedFrame frame = SignedFrame.parse(bytes, SignedType.NODE_ANNOUNCEMENT);
    ByteReader in = frame.bodyReader();
    String url = NodeUrls.read(in);
    SignedDescriptor descriptor = SignedDescriptor.parse(in.bytes(SignedFrame.MAX_BODY + 69, "descriptor"));
    Instant issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    in.expectEnd();
    frame.verify(descriptor.signingKey());
    return new NodeAnnouncement(bytes.clone(), url, descriptor, issuedAt);
  }

  /**
   * Checks that the announcement is fresh ({@link #MAX_SKEW}) and its descriptor valid at
   * {@code now}. Attestation is the client's to check, under its own policy.
   *
   * @throws SilkCryptoException {@link ErrorCode#STALE_REQUEST} or {@link ErrorCode#STALE_DESCRIPTOR}
   */
  public NodeAnnouncement checkFresh(Instant now) throws SilkCryptoException {
    Objects.requireNonNull(now, "now");
    if (Duration.between(issuedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      throw new SilkCryptoException(ErrorCode.STALE_REQUEST, "announcement issued at " + issuedAt + ", now " + now);
    }
    descriptor.checkValidAt(now);
    return this;
  }

  public String url() {
    return url;
  }

  public SignedDescriptor descriptor() {
    return descriptor;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "NodeAnnouncement[" + descriptor.nodeId() + " at " + url + ", " + issuedAt + "]";
  }
}
