package dev.silk.crypto.payment;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A node's signed account of one payment channel (spec-v1 §13.4, tag 6,
 * {@code "silk/1 channel-status"}): the last payment state it accepted and what it charged. A
 * client resyncs from it after a lost answer or a cancelled stream. Immutable and thread-safe.
 *
 * <pre>
 * body = u16 version || fixed[32] node_id || bytes channel (1..64)
 *     || u64 last_seqno || u64 last_sent_nanoton || u64 charged_nanoton
 *     || u64 reserved_nanoton || u64 issued_at_ms
 * </pre>
 */
public final class ChannelStatus {
  /** Longest channel reference. */
  public static final int MAX_CHANNEL = 64;

  private final byte[] bytes;
  private final NodeId nodeId;
  private final byte[] channel;
  private final long lastSeqno;
  private final long lastSentNanoton;
  private final long chargedNanoton;
  private final long reservedNanoton;
  private final Instant issuedAt;

  private ChannelStatus(byte[] bytes, NodeId nodeId, byte[] channel, long lastSeqno, long lastSentNanoton,
      long chargedNanoton, long reservedNanoton, Instant issuedAt) {
    this.bytes = bytes;
    this.nodeId = nodeId;
    this.channel = channel;
    this.lastSeqno = lastSeqno;
    this.lastSentNanoton = lastSentNanoton;
    this.chargedNanoton = chargedNanoton;
    this.reservedNanoton = reservedNanoton;
    this.issuedAt = issuedAt;
  }

  public static ChannelStatus sign(SigningPrivateKey key, byte[] channel, long lastSeqno, long lastSentNanoton,
      long chargedNanoton, long reservedNanoton, Instant issuedAt) {
    if (Objects.requireNonNull(channel, "channel").length == 0 || channel.length > MAX_CHANNEL) {
      throw new IllegalArgumentException("a channel reference is 1..64 bytes");
    }
    byte[] body = new ByteWriter(160)
        .u16(ProtocolVersion.V1)
        .fixed(key.publicKey().nodeId().toBytes())
        .bytes(channel)
        .u64(lastSeqno)
        .u64(lastSentNanoton)
        .u64(chargedNanoton)
        .u64(reservedNanoton)
        .u64(issuedAt.toEpochMilli())
        .toByteArray();
    return SignedFrame.signAndParse(SignedType.CHANNEL_STATUS, body, key, ChannelStatus::parse);
  }

  /**
   * Parses a signed status; the signature is checked by {@link #verify}.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION}
   *     or {@link ErrorCode#UNEXPECTED_TYPE}
   */
  public static ChannelStatus parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = SignedFrame.parse(bytes, SignedType.CHANNEL_STATUS).bodyReader();
    NodeId nodeId = NodeId.fromBytes(in.fixed(NodeId.LENGTH, "node id"));
    byte[] channel = in.bytes(MAX_CHANNEL, "channel");
    if (channel.length == 0) {
      throw in.malformed("empty channel");
    }
    long lastSeqno = in.u64("last seqno");
    long lastSent = in.u64("last sent");
    long charged = in.u64("charged");
    long reserved = in.u64("reserved");
    Instant issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    in.expectEnd();
    return new ChannelStatus(bytes.clone(), nodeId, channel, lastSeqno, lastSent, charged, reserved, issuedAt);
  }

  /**
   * Checks the signature under {@code nodeKey} and that the status names that node.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE}
   */
  public ChannelStatus verify(SigningPublicKey nodeKey) throws SilkCryptoException {
    SignedFrame.verifyFromNode(bytes, SignedType.CHANNEL_STATUS, nodeKey, nodeId);
    return this;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public byte[] channel() {
    return channel.clone();
  }

  /** The highest payment seqno accepted (0 if none). */
  public long lastSeqno() {
    return lastSeqno;
  }

  /** The cumulative amount of that state. */
  public long lastSentNanoton() {
    return lastSentNanoton;
  }

  /** What the node charged on the channel, cumulatively. */
  public long chargedNanoton() {
    return chargedNanoton;
  }

  /** The maxima of requests in flight. */
  public long reservedNanoton() {
    return reservedNanoton;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "ChannelStatus[seqno " + lastSeqno + ", sent " + lastSentNanoton + ", charged " + chargedNanoton
        + ", reserved " + reservedNanoton + " nanoTON]";
  }
}
