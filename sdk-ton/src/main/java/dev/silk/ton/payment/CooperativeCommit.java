package dev.silk.ton.payment;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import java.math.BigInteger;

/**
 * A cooperative-commit request (spec-v1 §13.5): {@code fixed[33] channel || u64 seqno_a ||
 * u64 seqno_b || fixed[64] signature_a}, where the signature is A's over the contract's
 * cooperative-commit body. Immutable.
 */
public final class CooperativeCommit {
  /** Encoded length. */
  public static final int LENGTH = 33 + 16 + 64;

  private final TonAddress channel;
  private final long seqnoA;
  private final long seqnoB;
  private final byte[] signatureA;

  public CooperativeCommit(TonAddress channel, long seqnoA, long seqnoB, byte[] signatureA) {
    this.channel = channel;
    this.seqnoA = seqnoA;
    this.seqnoB = seqnoB;
    this.signatureA = signatureA.clone();
  }

  public static CooperativeCommit parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "commit request");
    TonAddress channel = ChannelPayment.channelAddress(in.fixed(33, "channel"), in);
    CooperativeCommit commit = new CooperativeCommit(channel, in.u64("seqno a"), in.u64("seqno b"),
        in.fixed(64, "signature"));
    in.expectEnd();
    return commit;
  }

  public byte[] toBytes() {
    return new ByteWriter(LENGTH).fixed(ChannelPayment.channelReference(channel)).u64(seqnoA).u64(seqnoB)
        .fixed(signatureA).toByteArray();
  }

  /** The contract's hash of this commit, which both keys sign. */
  public byte[] hash(BigInteger channelId) {
    return ChannelSigner.cooperativeCommitHash(channelId, seqnoA, seqnoB);
  }

  /** Whether {@code keyA} signed this commit of channel {@code channelId}. */
  public boolean signedBy(byte[] keyA, BigInteger channelId) {
    return TonSecretKey.verify(keyA, hash(channelId), signatureA);
  }

  public TonAddress channel() {
    return channel;
  }

  public long seqnoA() {
    return seqnoA;
  }

  public long seqnoB() {
    return seqnoB;
  }
}
