package dev.silk.ton.channel;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.internal.ChannelCells;
import java.util.Objects;
import org.ton.java.smartcontract.payments.PaymentsUtils;

/**
 * Message bodies for the payment-channel contract, as BOCs to send in a wallet
 * {@link dev.silk.ton.wallet.Transfer} to {@link PaymentChannelConfig#address()}. Bodies that
 * one party signs come from {@link ChannelSigner}; those that need both signatures are
 * assembled here from signatures exchanged off chain. ton4j's
 * {@code PaymentChannel.createCooperativeCommit} (0.9.6) uses the close op code and drops the
 * counterparty signature; these are built from the contract's TL-B instead.
 *
 * <p>Lifecycle: deploy with {@link #topUp} (and the channel's StateInit), {@code init} signed by
 * either party, per-request semi-channel states off chain, then {@link #cooperativeClose} (or
 * {@link #cooperativeCommit} to settle without closing); if the other party disappears,
 * {@link ChannelSigner#startUncooperativeClose}, a possible
 * {@link ChannelSigner#challengeQuarantinedState}, and {@link #finishUncooperativeClose} after
 * the quarantine.
 */
public final class ChannelMessages {
  private ChannelMessages() {}

  /** Adds deposits; the message's value must cover them plus gas. Only before init. */
  public static byte[] topUp(TonAmount addA, TonAmount addB) {
    return ChannelCells.topUp(Objects.requireNonNull(addA, "addA"), Objects.requireNonNull(addB, "addB"));
  }

  /** Opens the channel with these balances (at least the deposits), signed by one party. */
  public static byte[] init(PaymentChannelConfig channel, Side signer, byte[] signature, TonAmount balanceA,
      TonAmount balanceB) {
    return ChannelCells.oneSignature(PaymentsUtils.op_init_channel, signer, signature(signature),
        ChannelCells.initBody(channel.channelId(), balanceA, balanceB));
  }

  /** Closes and pays out {@code balanceA}/{@code balanceB}; both seqnos must exceed the committed ones. */
  public static byte[] cooperativeClose(PaymentChannelConfig channel, TonAmount balanceA, TonAmount balanceB,
      long seqnoA, long seqnoB, byte[] signatureA, byte[] signatureB) {
    return ChannelCells.twoSignatures(PaymentsUtils.op_cooperative_close, signature(signatureA),
        signature(signatureB), ChannelCells.cooperativeCloseBody(channel.channelId(), balanceA, balanceB, seqnoA,
            seqnoB));
  }

  /** Records both seqnos on chain (older states can no longer be used to close); both must grow. */
  public static byte[] cooperativeCommit(PaymentChannelConfig channel, long seqnoA, long seqnoB, byte[] signatureA,
      byte[] signatureB) {
    return ChannelCells.twoSignatures(PaymentsUtils.op_cooperative_commit, signature(signatureA),
        signature(signatureB), ChannelCells.cooperativeCommitBody(channel.channelId(), seqnoA, seqnoB));
  }

  /** Pays out the quarantined state once quarantine and conditional-close time are over; anyone may send it. */
  public static byte[] finishUncooperativeClose() {
    return ChannelCells.finishUncooperativeClose();
  }

  private static byte[] signature(byte[] signature) {
    if (Objects.requireNonNull(signature, "signature").length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, not " + signature.length);
    }
    return signature;
  }
}
