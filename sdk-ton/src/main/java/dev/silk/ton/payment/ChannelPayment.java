package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.ton.TonAddress;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.Side;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code ton-channel} payment state a request carries (spec-v1 §13.1): the channel, A's
 * signed semi-channel state and the most this request may be charged. Immutable and
 * thread-safe.
 *
 * <pre>
 * payment = u16 version || fixed[33] channel || fixed[16] channel_id
 *        || u64 seqno_a || u64 sent_a || u64 seqno_b || u64 sent_b
 *        || fixed[64] signature_a || u64 max_cost_nanoton
 * </pre>
 */
public final class ChannelPayment {
  /** Encoded length. */
  public static final int LENGTH = 2 + 33 + 16 + 8 * 4 + 64 + 8;

  private final TonAddress channel;
  private final BigInteger channelId;
  private final ChannelState state;
  private final byte[] signatureA;
  private final TonAmount maxCost;

  private ChannelPayment(TonAddress channel, BigInteger channelId, ChannelState state, byte[] signatureA,
      TonAmount maxCost) {
    this.channel = channel;
    this.channelId = channelId;
    this.state = state;
    this.signatureA = signatureA;
    this.maxCost = maxCost;
  }

  public static ChannelPayment of(TonAddress channel, BigInteger channelId, ChannelState state, byte[] signatureA,
      TonAmount maxCost) {
    if (Objects.requireNonNull(signatureA, "signatureA").length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
    }
    if (Objects.requireNonNull(channelId, "channelId").signum() < 0 || channelId.bitLength() > 128) {
      throw new IllegalArgumentException("a channel id is an unsigned 128-bit number");
    }
    return new ChannelPayment(Objects.requireNonNull(channel, "channel"), channelId,
        Objects.requireNonNull(state, "state"), signatureA.clone(), Objects.requireNonNull(maxCost, "maxCost"));
  }

  /** The same signed state for a request with another maximum (max_cost is not under A's signature). */
  public ChannelPayment withMaxCost(TonAmount maxCost) {
    return new ChannelPayment(channel, channelId, state, signatureA, Objects.requireNonNull(maxCost, "maxCost"));
  }

  /**
   * Parses a payment state.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} or {@link ErrorCode#UNSUPPORTED_VERSION}
   */
  public static ChannelPayment parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "payment");
    int version = in.u16("version");
    if (version != ProtocolVersion.V1) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_VERSION, "payment version " + version);
    }
    TonAddress channel = channelAddress(in.fixed(33, "channel"), in);
    BigInteger channelId = new BigInteger(1, in.fixed(16, "channel id"));
    long seqnoA = in.u64("seqno_a");
    long sentA = in.u64("sent_a");
    long seqnoB = in.u64("seqno_b");
    long sentB = in.u64("sent_b");
    byte[] signature = in.fixed(64, "signature_a");
    long maxCost = in.u64("max cost");
    in.expectEnd();
    if (seqnoA < 0 || sentA < 0 || seqnoB < 0 || sentB < 0 || maxCost < 0) {
      throw in.malformed("amounts and seqnos are below 2^63");
    }
    return new ChannelPayment(channel, channelId, ChannelState.of(seqnoA, TonAmount.ofNanoton(sentA), seqnoB,
        TonAmount.ofNanoton(sentB)), signature, TonAmount.ofNanoton(maxCost));
  }

  static TonAddress channelAddress(byte[] raw, ByteReader in) throws SilkCryptoException {
    try {
      return TonAddress.of(raw[0], Arrays.copyOfRange(raw, 1, 33));
    } catch (IllegalArgumentException e) {
      throw in.malformed("channel address: " + e.getMessage());
    }
  }

  /** The 33-byte channel reference receipts and quotes carry: workchain byte, account id. */
  public static byte[] channelReference(TonAddress channel) {
    byte[] ref = new byte[33];
    ref[0] = (byte) channel.workchain();
    System.arraycopy(channel.account(), 0, ref, 1, 32);
    return ref;
  }

  public byte[] encode() {
    byte[] id = channelId.toByteArray();
    byte[] id16 = new byte[16];
    int copy = Math.min(id.length, 16);
    System.arraycopy(id, id.length - copy, id16, 16 - copy, copy);
    return new ByteWriter(LENGTH)
        .u16(ProtocolVersion.V1)
        .fixed(channelReference(channel))
        .fixed(id16)
        .u64(state.seqno(Side.A))
        .u64(state.sent(Side.A).nanoton())
        .u64(state.seqno(Side.B))
        .u64(state.sent(Side.B).nanoton())
        .fixed(signatureA)
        .u64(maxCost.nanoton())
        .toByteArray();
  }

  /** Whether {@code signature_a} is {@code keyA}'s signature of this state in this channel. */
  public boolean signedBy(byte[] keyA) {
    return ChannelSigner.verify(channelId, keyA, Side.A, state, signatureA);
  }

  public TonAddress channel() {
    return channel;
  }

  public BigInteger channelId() {
    return channelId;
  }

  public ChannelState state() {
    return state;
  }

  public byte[] signatureA() {
    return signatureA.clone();
  }

  public TonAmount maxCost() {
    return maxCost;
  }

  @Override
  public String toString() {
    return "ChannelPayment[" + channel + ", " + state + ", max " + maxCost + "]";
  }
}
