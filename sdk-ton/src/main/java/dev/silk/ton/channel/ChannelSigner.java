package dev.silk.ton.channel;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.internal.ChannelCells;
import java.math.BigInteger;
import java.util.Arrays;
import org.ton.java.cell.Cell;
import org.ton.java.smartcontract.payments.PaymentsUtils;
import java.util.Objects;

/**
 * Signs and checks a payment channel's semi-channel states as the standard contract expects:
 * Ed25519 over the hash of the state cell {@code tag_state channel_id my_body ^his_body}. One
 * per channel and side; thread-safe.
 *
 * <pre>{@code
 * ChannelSigner client = ChannelSigner.of(channel, Side.A, clientKey);
 * byte[] signature = client.sign(ChannelState.of(5, TonAmount.ofNanoton(1200), 1, TonAmount.ZERO));
 * }</pre>
 */
public final class ChannelSigner {
  private final BigInteger channelId;
  private final Side side;
  private final TonSecretKey key;

  private ChannelSigner(BigInteger channelId, Side side, TonSecretKey key) {
    this.channelId = channelId;
    this.side = side;
    this.key = key;
  }

  /** @throws IllegalArgumentException if {@code key} is not {@code side}'s key in {@code channel} */
  public static ChannelSigner of(PaymentChannelConfig channel, Side side, TonSecretKey key) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(side, "side");
    if (!Arrays.equals(key.publicKey(), channel.publicKey(side))) {
      throw new IllegalArgumentException("this key is not side " + side + "'s key in " + channel);
    }
    return new ChannelSigner(channel.channelId(), side, key);
  }

  /**
   * A signer for the channel with id {@code channelId} as the chain reports it (a node that knows
   * the channel from its contract, not from a config), where {@code side}'s key is {@code expectedKey}.
   *
   * @throws IllegalArgumentException if {@code key} is not {@code expectedKey}
   */
  public static ChannelSigner of(BigInteger channelId, byte[] expectedKey, Side side, TonSecretKey key) {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(side, "side");
    if (!Arrays.equals(key.publicKey(), expectedKey)) {
      throw new IllegalArgumentException("this key is not side " + side + "'s key in the channel");
    }
    return new ChannelSigner(channelId, side, key);
  }

  /** The other side's state with its signature, as a BOC ({@code signature ‖ state}), as close and challenge messages carry it. */
  public static byte[] signedStateBoc(BigInteger channelId, ChannelState state, Side signer, byte[] signature) {
    return ChannelCells.signedSemiChannelBoc(channelId, state, signer, signature);
  }

  public Side side() {
    return side;
  }

  /** This side's 64-byte signature of {@code state}. */
  public byte[] sign(ChannelState state) {
    return key.sign(ChannelCells.semiChannelStateHash(channelId, state, side));
  }

  /** The signed semi-channel cell as a BOC ({@code signature ‖ state}), as close and challenge messages carry it. */
  public byte[] signedStateBoc(ChannelState state) {
    return ChannelCells.signedSemiChannelBoc(channelId, state, side, sign(state));
  }

  /** This side's signature opening the channel with these balances. */
  public byte[] signInit(TonAmount balanceA, TonAmount balanceB) {
    return key.sign(ChannelCells.initBody(channelId, balanceA, balanceB).hash());
  }

  /** This side's signature of a cooperative close paying out these balances at these seqnos. */
  public byte[] signCooperativeClose(TonAmount balanceA, TonAmount balanceB, long seqnoA, long seqnoB) {
    return key.sign(ChannelCells.cooperativeCloseBody(channelId, balanceA, balanceB, seqnoA, seqnoB).hash());
  }

  /** The hash both parties sign to close cooperatively with these balances and seqnos. */
  public static byte[] cooperativeCloseHash(BigInteger channelId, TonAmount balanceA, TonAmount balanceB, long seqnoA,
      long seqnoB) {
    return ChannelCells.cooperativeCloseBody(channelId, balanceA, balanceB, seqnoA, seqnoB).hash();
  }

  /** The hash both parties sign to commit these seqnos cooperatively. */
  public static byte[] cooperativeCommitHash(BigInteger channelId, long seqnoA, long seqnoB) {
    return ChannelCells.cooperativeCommitBody(channelId, seqnoA, seqnoB).hash();
  }

  /** This side's signature of a cooperative commit of these seqnos. */
  public byte[] signCooperativeCommit(long seqnoA, long seqnoB) {
    return key.sign(ChannelCells.cooperativeCommitBody(channelId, seqnoA, seqnoB).hash());
  }

  /**
   * A body starting an uncooperative close with both parties' latest signed states
   * ({@link #signedStateBoc}); the state stays in quarantine for the channel's quarantine duration.
   */
  public byte[] startUncooperativeClose(byte[] signedStateA, byte[] signedStateB) {
    Cell body = ChannelCells.quarantineBody(false, channelId, signedStateA, signedStateB);
    return ChannelCells.oneSignature(PaymentsUtils.op_start_uncooperative_close, side, key.sign(body.hash()), body);
  }

  /**
   * A body replacing a quarantined state submitted by the other side with newer signed states;
   * if the other side submitted an outdated state, it is fined.
   */
  public byte[] challengeQuarantinedState(byte[] signedStateA, byte[] signedStateB) {
    Cell body = ChannelCells.quarantineBody(true, channelId, signedStateA, signedStateB);
    return ChannelCells.oneSignature(PaymentsUtils.op_challenge_quarantined_state, side, key.sign(body.hash()), body);
  }

  /** Whether {@code signature} is {@code signer}'s signature of {@code state} in {@code channel}. */
  public static boolean verify(PaymentChannelConfig channel, Side signer, ChannelState state, byte[] signature) {
    return verify(channel.channelId(), channel.publicKey(signer), signer, state, signature);
  }

  /** Whether {@code signature} is {@code publicKey}'s signature, as {@code signer}, of {@code state} in channel {@code channelId}. */
  public static boolean verify(BigInteger channelId, byte[] publicKey, Side signer, ChannelState state,
      byte[] signature) {
    return TonSecretKey.verify(publicKey, ChannelCells.semiChannelStateHash(channelId, state, signer), signature);
  }
}
