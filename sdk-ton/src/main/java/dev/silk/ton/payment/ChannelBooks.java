package dev.silk.ton.payment;

import dev.silk.core.errors.SilkIoException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import java.io.IOException;

/**
 * A client's books on one channel (side A): the highest state it signed, what the node charged,
 * and the state sent while it covers (the credit window, spec-v1 §13.1). Every state is saved
 * before it leaves. Not thread-safe: {@link ChannelPaymentProvider} holds its lock around it.
 */
final class ChannelBooks {
  private final PaymentChannelConfig channel;
  private final ChannelSigner signer;
  private final TonAmount deposit;
  private final ChannelStore store;
  private long seqno;
  private TonAmount lastSent;
  private TonAmount charged;
  /** The newest state signed in this process, sent again while it covers (null: sign a new one). */
  private ChannelPayment current;
  private long statesSigned;

  ChannelBooks(PaymentChannelConfig channel, ChannelSigner signer, TonAmount deposit, ChannelStore store)
      throws IOException {
    this.channel = channel;
    this.signer = signer;
    this.deposit = deposit;
    this.store = store;
    ChannelRecord record = store.load(channel.address()).orElse(ChannelRecord.fresh());
    this.seqno = record.lastSeqno();
    this.lastSent = record.lastSent();
    this.charged = record.charged();
  }

  ChannelRecord record() {
    return new ChannelRecord(seqno, lastSent, charged);
  }

  TonAmount charged() {
    return charged;
  }

  /** The highest amount ever signed: no claim of the node may exceed it. */
  TonAmount lastSent() {
    return lastSent;
  }

  long statesSigned() {
    return statesSigned;
  }

  /** A total the node signed: the books keep the highest (kept in memory; the next save records it). */
  void charged(long cumulativeNanoton) {
    charged = charged.max(TonAmount.ofNanoton(cumulativeNanoton));
  }

  /** A seqno the node has seen: another process may have signed on the channel, and its newer state counts. */
  void signedElsewhere(long lastSeqno) {
    if (lastSeqno > seqno) {
      seqno = lastSeqno;
      current = null;
    }
  }

  /** The next state is signed anew (the node quoted, or is no longer trusted). */
  void dropCurrent() {
    current = null;
  }

  /** Takes the seqno after both this client's and the contract's committed one, and saves it. */
  long nextSeqnoAfter(long committedA) {
    seqno = Math.max(committedA, seqno) + 1;
    persist();
    return seqno;
  }

  /**
   * The state to send for a request that needs {@code need} covered: the current one while it
   * covers with enough unspent credit, else a new one signed for need + the window.
   */
  ChannelPayment paymentCovering(TonAmount need, long window) {
    if (current == null || needsNewState(current.state().sent(Side.A), need, window)) {
      current = signNew(need, window);
    }
    return current;
  }

  void persist() {
    try {
      store.save(channel.address(), record());
    } catch (IOException e) {
      throw new SilkIoException("io", "cannot persist the channel record", e);
    }
  }

  /**
   * A new state once the current one no longer covers {@code need}, or (with a window) its unspent
   * credit after this request would fall under half the window and a new state can add some.
   */
  private boolean needsNewState(TonAmount currentSent, TonAmount need, long window) {
    if (window == 0 || need.isGreaterThan(currentSent)) {
      return true;
    }
    long unspent = currentSent.nanoton() - need.nanoton();
    return unspent < window / 2 && target(need, window).isGreaterThan(currentSent);
  }

  /** need + W, within the deposit, and never less than any state signed before. */
  private TonAmount target(TonAmount need, long window) {
    long withWindow = deposit.nanoton() - need.nanoton() <= window ? deposit.nanoton() : need.nanoton() + window;
    return TonAmount.ofNanoton(withWindow).max(lastSent);
  }

  /**
   * Signs the next state: the contract settles on the highest seqno, so a node accepts no newer
   * state with less money (spec-v1 §13.1), and the node's claim stays bounded: the highest amount
   * was signed when what was then charged, the k maxima in flight and W covered it. Saved before
   * it leaves.
   */
  private ChannelPayment signNew(TonAmount need, long window) {
    TonAmount sent = target(need, window);
    long next = seqno + 1;
    try {
      store.save(channel.address(), new ChannelRecord(next, sent, charged));
    } catch (IOException e) {
      throw new SilkIoException("io", "cannot persist the channel state before sending it", e);
    }
    seqno = next;
    lastSent = sent;
    statesSigned++;
    ChannelState state = ChannelState.of(next, sent, 0, TonAmount.ZERO);
    return ChannelPayment.of(channel.address(), channel.channelId(), state, signer.sign(state), TonAmount.ZERO);
  }
}
