package dev.silk.crypto.payment;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a node asks before it serves a request whose payment was missing or short (spec-v1
 * §13.3, tag 3, {@code "silk/1 payment-quote"}): bound to the request, it states the channel's
 * last accepted seqno, what has been charged and is reserved for requests in flight, and the
 * most this request may cost. It arrives inside the sealed answer (HTTP 402), so only the
 * client reads it. Immutable and thread-safe.
 *
 * <pre>
 * body = u16 version || fixed[32] node_id || fixed[16] request_id || bytes channel (&lt;= 64)
 *     || u64 last_seqno || u64 charged_nanoton || u64 reserved_nanoton
 *     || u64 max_cost_nanoton || u64 issued_at_ms
 * </pre>
 */
public final class PaymentQuote {
  private final byte[] bytes;
  private final NodeId nodeId;
  private final byte[] requestId;
  private final byte[] channel;
  private final long lastSeqno;
  private final long chargedNanoton;
  private final long reservedNanoton;
  private final long maxCostNanoton;
  private final Instant issuedAt;

  private PaymentQuote(byte[] bytes, NodeId nodeId, byte[] requestId, byte[] channel, long lastSeqno,
      long chargedNanoton, long reservedNanoton, long maxCostNanoton, Instant issuedAt) {
    this.bytes = bytes;
    this.nodeId = nodeId;
    this.requestId = requestId;
    this.channel = channel;
    this.lastSeqno = lastSeqno;
    this.chargedNanoton = chargedNanoton;
    this.reservedNanoton = reservedNanoton;
    this.maxCostNanoton = maxCostNanoton;
    this.issuedAt = issuedAt;
  }

  /**
   * Signs a quote.
   *
   * @param channel the channel the request named, or empty if it named none
   */
  public static PaymentQuote sign(SigningPrivateKey key, RequestId requestId, byte[] channel, long lastSeqno,
      long chargedNanoton, long reservedNanoton, long maxCostNanoton, Instant issuedAt) {
    Objects.requireNonNull(requestId, "requestId");
    if (Objects.requireNonNull(channel, "channel").length > ChannelStatus.MAX_CHANNEL) {
      throw new IllegalArgumentException("a channel reference is at most 64 bytes");
    }
    byte[] body = new ByteWriter(160)
        .u16(ProtocolVersion.V1)
        .fixed(key.publicKey().nodeId().toBytes())
        .fixed(requestId.toBytes())
        .bytes(channel)
        .u64(lastSeqno)
        .u64(chargedNanoton)
        .u64(reservedNanoton)
        .u64(maxCostNanoton)
        .u64(issuedAt.toEpochMilli())
        .toByteArray();
    return SignedFrame.signAndParse(SignedType.PAYMENT_QUOTE, body, key, PaymentQuote::parse);
  }

  /**
   * Parses a signed quote; the signature is checked by {@link #verify}.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION}
   *     or {@link ErrorCode#UNEXPECTED_TYPE}
   */
  public static PaymentQuote parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = SignedFrame.parse(bytes, SignedType.PAYMENT_QUOTE).bodyReader();
    NodeId nodeId = NodeId.fromBytes(in.fixed(NodeId.LENGTH, "node id"));
    byte[] requestId = in.fixed(RequestId.LENGTH, "request id");
    byte[] channel = in.bytes(ChannelStatus.MAX_CHANNEL, "channel");
    long lastSeqno = in.u64("last seqno");
    long charged = in.u64("charged");
    long reserved = in.u64("reserved");
    long maxCost = in.u64("max cost");
    Instant issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    in.expectEnd();
    return new PaymentQuote(bytes.clone(), nodeId, requestId, channel, lastSeqno, charged, reserved, maxCost,
        issuedAt);
  }

  /**
   * Checks the signature under {@code nodeKey} and that the quote names that node.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE}
   */
  public PaymentQuote verify(SigningPublicKey nodeKey) throws SilkCryptoException {
    SignedFrame.verifyFromNode(bytes, SignedType.PAYMENT_QUOTE, nodeKey, nodeId);
    return this;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** Whether the quote answers {@code id}. */
  public boolean concerns(RequestId id) {
    return Arrays.equals(requestId, id.toBytes());
  }

  /** The channel the request named (a copy), empty if none. */
  public byte[] channel() {
    return channel.clone();
  }

  /** The highest payment seqno the node accepted on the channel; the next state must exceed it. */
  public long lastSeqno() {
    return lastSeqno;
  }

  /** Cumulative charges on the channel. */
  public long chargedNanoton() {
    return chargedNanoton;
  }

  /** The maxima of the channel's other requests in flight. */
  public long reservedNanoton() {
    return reservedNanoton;
  }

  /** The most this request may cost: what the state must add on top of charged and reserved. */
  public long maxCostNanoton() {
    return maxCostNanoton;
  }

  /** The smallest cumulative amount a payment state for this request must carry. */
  public long requiredCumulativeNanoton() {
    return Math.addExact(Math.addExact(chargedNanoton, reservedNanoton), maxCostNanoton);
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
    return "PaymentQuote[seqno>" + lastSeqno + ", charged " + chargedNanoton + ", reserved " + reservedNanoton
        + ", max " + maxCostNanoton + " nanoTON]";
  }
}
