package dev.silk.crypto.receipt;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.signature.NodeId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a node attests about one answer (spec-v1 §6): who answered (node id, descriptor hash,
 * model), to what (request id and keyed content hashes), what it cost (token usage, nanoTON) and
 * the payment channel state it charged against. Signed as a {@link SignedReceipt}. Immutable and
 * thread-safe.
 */
public final class Receipt {
  /** Longest payment channel id. */
  public static final int MAX_CHANNEL = 64;

  private final NodeId nodeId;
  private final byte[] descriptorHash;
  private final String model;
  private final RequestId requestId;
  private final byte[] requestHash;
  private final byte[] responseHash;
  private final long promptTokens;
  private final long completionTokens;
  private final long costNanoton;
  private final byte[] channel;
  private final long paymentSeqno;
  private final long cumulativeChargedNanoton;
  private final Instant issuedAt;

  private Receipt(Builder b) {
    this.nodeId = b.nodeId;
    this.descriptorHash = b.descriptorHash;
    this.model = b.model;
    this.requestId = b.requestId;
    this.requestHash = b.requestHash;
    this.responseHash = b.responseHash;
    this.promptTokens = b.promptTokens;
    this.completionTokens = b.completionTokens;
    this.costNanoton = b.costNanoton;
    this.channel = b.channel;
    this.paymentSeqno = b.paymentSeqno;
    this.cumulativeChargedNanoton = b.cumulativeChargedNanoton;
    this.issuedAt = b.issuedAt;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeId = nodeId;
    b.descriptorHash = descriptorHash;
    b.model = model;
    b.requestId = requestId;
    b.requestHash = requestHash;
    b.responseHash = responseHash;
    b.promptTokens = promptTokens;
    b.completionTokens = completionTokens;
    b.costNanoton = costNanoton;
    b.channel = channel;
    b.paymentSeqno = paymentSeqno;
    b.cumulativeChargedNanoton = cumulativeChargedNanoton;
    b.issuedAt = issuedAt;
    return b;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public byte[] descriptorHash() {
    return descriptorHash.clone();
  }

  public String model() {
    return model;
  }

  public RequestId requestId() {
    return requestId;
  }

  public byte[] requestHash() {
    return requestHash.clone();
  }

  public byte[] responseHash() {
    return responseHash.clone();
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long completionTokens() {
    return completionTokens;
  }

  /** What this request cost, in nanoTON. */
  public long costNanoton() {
    return costNanoton;
  }

  /** The payment channel charged (empty when the node runs without payment). */
  public byte[] channel() {
    return channel.clone();
  }

  /** Seqno of the client's payment state this request was charged against. */
  public long paymentSeqno() {
    return paymentSeqno;
  }

  /** Total the node has charged on the channel, this request included, in nanoTON. */
  public long cumulativeChargedNanoton() {
    return cumulativeChargedNanoton;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  byte[] encode() {
    return new ByteWriter(256)
        .u16(ProtocolVersion.V1)
        .fixed(nodeId.toBytes())
        .fixed(descriptorHash)
        .string(model)
        .fixed(requestId.toBytes())
        .fixed(requestHash)
        .fixed(responseHash)
        .u64(promptTokens)
        .u64(completionTokens)
        .u64(costNanoton)
        .bytes(channel)
        .u64(paymentSeqno)
        .u64(cumulativeChargedNanoton)
        .u64(issuedAt.toEpochMilli())
        .toByteArray();
  }

  /** Reads the fields after the version, which the caller has checked. */
  static Receipt decode(ByteReader in) throws SilkCryptoException {
    Builder b = new Builder();
    b.nodeId = NodeId.fromBytes(in.fixed(NodeId.LENGTH, "node id"));
    b.descriptorHash = in.fixed(32, "descriptor hash");
    b.model = in.string(256, "model");
    b.requestId = RequestId.fromBytes(in.fixed(RequestId.LENGTH, "request id"));
    b.requestHash = in.fixed(32, "request hash");
    b.responseHash = in.fixed(32, "response hash");
    b.promptTokens = in.u64("prompt tokens");
    b.completionTokens = in.u64("completion tokens");
    b.costNanoton = in.u64("cost");
    b.channel = in.bytes(MAX_CHANNEL, "channel");
    b.paymentSeqno = in.u64("payment seqno");
    b.cumulativeChargedNanoton = in.u64("cumulative charged");
    b.issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    in.expectEnd();
    return b.validated();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt && Arrays.equals(encode(), ((Receipt) o).encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Receipt[node=" + nodeId.toHex() + ", request=" + requestId.toHex() + ", model=" + model
        + ", tokens=" + promptTokens + "+" + completionTokens + ", cost=" + costNanoton
        + " nanoTON, channel=" + Hex.encode(channel) + ", seqno=" + paymentSeqno
        + ", cumulative=" + cumulativeChargedNanoton + ", issuedAt=" + issuedAt + "]";
  }

  /** Builds a {@link Receipt}; not thread-safe. */
  public static final class Builder {
    private NodeId nodeId;
    private byte[] descriptorHash;
    private String model;
    private RequestId requestId;
    private byte[] requestHash;
    private byte[] responseHash;
    private long promptTokens;
    private long completionTokens;
    private long costNanoton;
    private byte[] channel = new byte[0];
    private long paymentSeqno;
    private long cumulativeChargedNanoton;
    private Instant issuedAt;

    private Builder() {}

    public Builder nodeId(NodeId nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      return this;
    }

    public Builder descriptorHash(byte[] descriptorHash) {
      this.descriptorHash = checkHash(descriptorHash, "descriptorHash");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder requestId(RequestId requestId) {
      this.requestId = Objects.requireNonNull(requestId, "requestId");
      return this;
    }

    public Builder requestHash(byte[] requestHash) {
      this.requestHash = checkHash(requestHash, "requestHash");
      return this;
    }

    public Builder responseHash(byte[] responseHash) {
      this.responseHash = checkHash(responseHash, "responseHash");
      return this;
    }

    public Builder usage(long promptTokens, long completionTokens) {
      this.promptTokens = nonNegative(promptTokens, "promptTokens");
      this.completionTokens = nonNegative(completionTokens, "completionTokens");
      return this;
    }

    public Builder costNanoton(long costNanoton) {
      this.costNanoton = nonNegative(costNanoton, "costNanoton");
      return this;
    }

    /** The channel charged, its state's seqno and the cumulative charge after this request. */
    public Builder payment(byte[] channel, long seqno, long cumulativeChargedNanoton) {
      Objects.requireNonNull(channel, "channel");
      if (channel.length > MAX_CHANNEL) {
        throw new IllegalArgumentException("channel id longer than " + MAX_CHANNEL + " bytes");
      }
      this.channel = channel.clone();
      this.paymentSeqno = nonNegative(seqno, "seqno");
      this.cumulativeChargedNanoton = nonNegative(cumulativeChargedNanoton, "cumulativeChargedNanoton");
      return this;
    }

    /** Issue time, kept at millisecond precision. */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = Instant.ofEpochMilli(Objects.requireNonNull(issuedAt, "issuedAt").toEpochMilli());
      return this;
    }

    /** @throws IllegalArgumentException if a field is missing */
    public Receipt build() {
      try {
        return validated();
      } catch (SilkCryptoException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    private Receipt validated() throws SilkCryptoException {
      if (nodeId == null || descriptorHash == null || model == null || requestId == null
          || requestHash == null || responseHash == null || issuedAt == null) {
        throw new SilkCryptoException(ErrorCode.MALFORMED, "receipt: missing field");
      }
      if (model.isEmpty() || model.getBytes(StandardCharsets.UTF_8).length > 256) {
        throw new SilkCryptoException(ErrorCode.MALFORMED, "receipt: model name length");
      }
      return new Receipt(this);
    }

    private static byte[] checkHash(byte[] hash, String name) {
      if (Objects.requireNonNull(hash, name).length != 32) {
        throw new IllegalArgumentException(name + " must be 32 bytes");
      }
      return hash.clone();
    }

    private static long nonNegative(long value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return value;
    }
  }
}
