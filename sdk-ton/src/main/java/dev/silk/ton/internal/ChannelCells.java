package dev.silk.ton.internal;

import com.iwebpp.crypto.TweetNaclFast;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import java.math.BigInteger;
import org.ton.java.cell.Cell;
import org.ton.java.smartcontract.payments.ClosingConfig;
import org.ton.java.smartcontract.payments.PaymentChannel;
import org.ton.java.smartcontract.payments.PaymentsUtils;
import org.ton.java.smartcontract.types.ChannelConfig;

/**
 * The payment-channel cells, built with ton4j's {@link PaymentsUtils} and {@link PaymentChannel}
 * (the contract code and data layout come from ton4j unchanged); signing is Silk's own.
 */
public final class ChannelCells {
  private ChannelCells() {}

  /** The state a side signs: its own semi-channel body first, the other's as a reference. */
  static Cell semiChannelState(BigInteger channelId, ChannelState state, Side signer) {
    Side other = signer.other();
    return PaymentsUtils.createSemiChannelState(channelId,
        PaymentsUtils.createSemiChannelBody(BigInteger.valueOf(state.seqno(signer)),
            BigInteger.valueOf(state.sent(signer).nanoton()), null),
        PaymentsUtils.createSemiChannelBody(BigInteger.valueOf(state.seqno(other)),
            BigInteger.valueOf(state.sent(other).nanoton()), null));
  }

  public static byte[] semiChannelStateHash(BigInteger channelId, ChannelState state, Side signer) {
    return semiChannelState(channelId, state, signer).hash();
  }

  public static byte[] signedSemiChannelBoc(BigInteger channelId, ChannelState state, Side signer,
      byte[] signature) {
    return PaymentsUtils.createSignedSemiChannelState(signature, semiChannelState(channelId, state, signer)).toBoc();
  }

  public static Cell initBody(BigInteger channelId, TonAmount balanceA, TonAmount balanceB) {
    return PaymentsUtils.createInitChannelBody(channelId, coins(balanceA), coins(balanceB));
  }

  public static Cell cooperativeCloseBody(BigInteger channelId, TonAmount balanceA, TonAmount balanceB, long seqnoA,
      long seqnoB) {
    return PaymentsUtils.createCooperativeCloseChannelBody(channelId, coins(balanceA), coins(balanceB),
        BigInteger.valueOf(seqnoA), BigInteger.valueOf(seqnoB));
  }

  public static Cell cooperativeCommitBody(BigInteger channelId, long seqnoA, long seqnoB) {
    return PaymentsUtils.createCooperativeCommitBody(channelId, BigInteger.valueOf(seqnoA), BigInteger.valueOf(seqnoB));
  }

  public static Cell quarantineBody(boolean challenge, BigInteger channelId, byte[] signedStateA,
      byte[] signedStateB) {
    Cell a = Cell.fromBoc(signedStateA);
    Cell b = Cell.fromBoc(signedStateB);
    return challenge ? PaymentsUtils.createChallengeQuarantinedStateBody(channelId, a, b)
        : PaymentsUtils.createStartUncooperativeCloseBody(channelId, a, b);
  }

  /** {@code op is_A:Bool signature:bits512 body…}: a message one party signs. */
  public static byte[] oneSignature(long op, Side signer, byte[] signature, Cell body) {
    return PaymentsUtils.createOneSignature(op, signer == Side.A, signature, body).toBoc();
  }

  /** {@code op sig_A:^bits512 sig_B:^bits512 body…}: a message both parties signed. */
  public static byte[] twoSignatures(long op, byte[] signatureA, byte[] signatureB, Cell body) {
    return PaymentsUtils.createTwoSignature(op, signatureA, signatureB, body).toBoc();
  }

  public static byte[] topUp(TonAmount addA, TonAmount addB) {
    return PaymentsUtils.createTopUpBalance(coins(addA), coins(addB)).toBoc();
  }

  public static byte[] finishUncooperativeClose() {
    return PaymentsUtils.createFinishUncooperativeClose().toBoc();
  }

  private static BigInteger coins(TonAmount amount) {
    return BigInteger.valueOf(amount.nanoton());
  }

  public static TonAddress address(PaymentChannelConfig config) {
    return Ton4j.address(contract(config).getAddress());
  }

  public static byte[] stateInitBoc(PaymentChannelConfig config) {
    return contract(config).getStateInit().toCell().toBoc();
  }

  private static PaymentChannel contract(PaymentChannelConfig config) {
    // ton4j's builder takes "my key pair" only to place the public keys in the contract data;
    // a key pair holding A's public key alone (no secret) yields exactly that data.
    TweetNaclFast.Signature.KeyPair publicOnlyA = new TweetNaclFast.Signature.KeyPair();
    System.arraycopy(config.publicKey(Side.A), 0, publicOnlyA.getPublicKey(), 0, 32);
    return PaymentChannel.builder()
        .isA(true)
        .myKeyPair(publicOnlyA)
        .hisPublicKey(config.publicKey(Side.B))
        .channelConfig(ChannelConfig.builder()
            .channelId(config.channelId())
            .addressA(Ton4j.address(config.payoutAddress(Side.A)))
            .addressB(Ton4j.address(config.payoutAddress(Side.B)))
            .initBalanceA(BigInteger.ZERO)
            .initBalanceB(BigInteger.ZERO)
            .build())
        .closingChannelConfig(ClosingConfig.builder()
            .quarantineDuration(config.quarantineDuration().getSeconds())
            .misbehaviorFine(BigInteger.valueOf(config.misbehaviorFine().nanoton()))
            .conditionalCloseDuration(config.conditionalCloseDuration().getSeconds())
            .build())
        .excessFee(BigInteger.valueOf(config.excessFee().nanoton()))
        .build();
  }
}
