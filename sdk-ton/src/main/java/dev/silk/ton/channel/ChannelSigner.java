package dev.silk.ton.channel;

import dev.silk.ton.TonSecretKey;
import dev.silk.ton.internal.ChannelCells;
import java.util.Arrays;
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
  private final PaymentChannelConfig channel;
  private final Side side;
  private final TonSecretKey key;

  private ChannelSigner(PaymentChannelConfig channel, Side side, TonSecretKey key) {
    this.channel = channel;
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
    return new ChannelSigner(channel, side, key);
  }

  public Side side() {
    return side;
  }

  /** This side's 64-byte signature of {@code state}. */
  public byte[] sign(ChannelState state) {
    return key.sign(ChannelCells.semiChannelStateHash(channel.channelId(), state, side));
  }

  /** The signed semi-channel cell as a BOC ({@code signature ‖ state}), as close and challenge messages carry it. */
  public byte[] signedStateBoc(ChannelState state) {
    return ChannelCells.signedSemiChannelBoc(channel.channelId(), state, side, sign(state));
  }

  /** Whether {@code signature} is {@code signer}'s signature of {@code state} in {@code channel}. */
  public static boolean verify(PaymentChannelConfig channel, Side signer, ChannelState state, byte[] signature) {
    return TonSecretKey.verify(channel.publicKey(signer),
        ChannelCells.semiChannelStateHash(channel.channelId(), state, signer), signature);
  }
}
