package dev.silk.ton.channel;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.center.StackEntry;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellSlice;

/**
 * Watches a payment channel on chain for an uncooperative close and challenges it when the
 * other party submitted an outdated state of its own (the contract then fines it). Call
 * {@link #check()} periodically while the channel is open, well within the quarantine duration.
 * In Silk's one-way payments the node (B) is the party with something to challenge with: it
 * holds the client's latest signed state, and a client that closes on an older one (paying
 * less) is caught; the client's watcher reports a close the node started. Thread-safe.
 *
 * <pre>{@code
 * ChannelWatcher watcher = new ChannelWatcher(ton, channel, ChannelSigner.of(channel, Side.B, nodeKey), nodeWallet,
 *     () -> latestSignedStates);
 * ChannelWatcher.Outcome o = watcher.check();
 * }</pre>
 */
public final class ChannelWatcher {
  /** What a check found. */
  public enum Outcome {
    /** Open (or not deployed): nothing to do. */
    OPEN,
    /** A close is in quarantine and its states are as new as ours (or we started it). */
    CLOSING,
    /** The other party submitted an outdated state of its own: a challenge was sent. */
    CHALLENGED,
    /** The quarantine was already challenged, or its window is over. */
    SETTLING
  }

  /** The newest signed semi-channel states this party holds, as BOCs ({@link ChannelSigner#signedStateBoc}). */
  public static final class LatestStates {
    final ChannelState state;
    final byte[] signedA;
    final byte[] signedB;

    public LatestStates(ChannelState state, byte[] signedA, byte[] signedB) {
      this.state = Objects.requireNonNull(state, "state");
      this.signedA = Objects.requireNonNull(signedA, "signedA").clone();
      this.signedB = Objects.requireNonNull(signedB, "signedB").clone();
    }
  }

  private final TonCenterClient ton;
  private final dev.silk.ton.TonAddress channel;
  private final ChannelSigner me;
  private final TonWallet wallet;
  private final Supplier<LatestStates> latest;

  public ChannelWatcher(TonCenterClient ton, PaymentChannelConfig channel, ChannelSigner me, TonWallet wallet,
      Supplier<LatestStates> latest) {
    this(ton, Objects.requireNonNull(channel, "channel").address(), me, wallet, latest);
  }

  /** A watcher of the channel contract at {@code channel}, as a party that knows it from the chain. */
  public ChannelWatcher(TonCenterClient ton, dev.silk.ton.TonAddress channel, ChannelSigner me, TonWallet wallet,
      Supplier<LatestStates> latest) {
    this.ton = Objects.requireNonNull(ton, "ton");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.me = Objects.requireNonNull(me, "me");
    this.wallet = Objects.requireNonNull(wallet, "wallet");
    this.latest = Objects.requireNonNull(latest, "latest");
  }

  /** Reads the channel and challenges an outdated uncooperative close by the other party. */
  public Outcome check() {
    List<StackEntry> data = ton.runGetMethod(channel, "get_channel_data", Collections.emptyList())
        .stack();
    if (data.size() < 7 || data.get(0).asNumber().intValue() < 2) {
      return Outcome.OPEN;
    }
    if (data.get(0).asNumber().intValue() > 2 || data.get(6).isNull()) {
      return Outcome.SETTLING;
    }
    CellSlice q = CellSlice.beginParse(Cell.fromBoc(data.get(6).asBoc()));
    long seqnoA = q.loadUint(64).longValue();
    q.loadCoins();
    q.loadBit();
    long seqnoB = q.loadUint(64).longValue();
    q.loadCoins();
    q.loadBit();
    q.loadUint(32);
    boolean committedByA = q.loadBit();
    boolean challenged = q.loadBit();
    Side committer = committedByA ? Side.A : Side.B;
    if (challenged) {
      return Outcome.SETTLING;
    }
    if (committer == me.side()) {
      return Outcome.CLOSING;
    }
    LatestStates mine = latest.get();
    long submitted = committer == Side.A ? seqnoA : seqnoB;
    if (mine == null || mine.state.seqno(committer) <= submitted) {
      return Outcome.CLOSING;
    }
    wallet.transfer(ton, Transfer.builder(channel, TonAmount.ofTon("0.05"))
        .body(me.challengeQuarantinedState(mine.signedA, mine.signedB)).build());
    return Outcome.CHALLENGED;
  }
}
