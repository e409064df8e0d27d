package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import java.math.BigInteger;

/**
 * A cooperative-close request (spec-v1 §13.5): {@code fixed[33] channel || u64 balance_a ||
 * u64 balance_b || u64 seqno_a || u64 seqno_b || fixed[64] signature_a}, where the signature is
 * A's over the contract's cooperative-close body. Immutable.
 */
public final class CooperativeClose {
  /** Encoded length. */
  public static final int LENGTH = 33 + 8 * 4 + 64;

  private final TonAddress channel;
  private final long balanceA;
  private final long balanceB;
  private final long seqnoA;
  private final long seqnoB;
  private final byte[] signatureA;

  public CooperativeClose(TonAddress channel, TonAmount balanceA, TonAmount balanceB, long seqnoA, long seqnoB,
      byte[] signatureA) {
    this(channel, balanceA.nanoton(), balanceB.nanoton(), seqnoA, seqnoB, signatureA.clone());
  }

  private CooperativeClose(TonAddress channel, long balanceA, long balanceB, long seqnoA, long seqnoB,
      byte[] signatureA) {
    this.channel = channel;
    this.balanceA = balanceA;
    this.balanceB = balanceB;
    this.seqnoA = seqnoA;
    this.seqnoB = seqnoB;
    this.signatureA = signatureA;
  }

  public static CooperativeClose parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "close request");
    TonAddress channel = ChannelPayment.channelAddress(in.fixed(33, "channel"), in);
    CooperativeClose close = new CooperativeClose(channel, in.u64("balance a"), in.u64("balance b"),
        in.u64("seqno a"), in.u64("seqno b"), in.fixed(64, "signature"));
    in.expectEnd();
    return close;
  }

  public byte[] toBytes() {
    return new ByteWriter(LENGTH).fixed(ChannelPayment.channelReference(channel)).u64(balanceA).u64(balanceB)
        .u64(seqnoA).u64(seqnoB).fixed(signatureA).toByteArray();
  }

  /** The contract's hash of this close, which both keys sign. */
  public byte[] hash(BigInteger channelId) {
    return ChannelSigner.cooperativeCloseHash(channelId, TonAmount.ofNanoton(balanceA), TonAmount.ofNanoton(balanceB),
        seqnoA, seqnoB);
  }

  /** Whether {@code keyA} signed this close of channel {@code channelId}. */
  public boolean signedBy(byte[] keyA, BigInteger channelId) {
    return TonSecretKey.verify(keyA, hash(channelId), signatureA);
  }

  public TonAddress channel() {
    return channel;
  }

  public long balanceA() {
    return balanceA;
  }

  public long balanceB() {
    return balanceB;
  }

  public long seqnoA() {
    return seqnoA;
  }

  public long seqnoB() {
    return seqnoB;
  }
}
