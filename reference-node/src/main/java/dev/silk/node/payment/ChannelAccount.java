package dev.silk.node.payment;

import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * One channel's money as the node counts it (spec-v1 §13.3), and the one place its rules are
 * decided: which payment state may be accepted, and how much the node may still promise to
 * serve against it. The {@link PaymentLedger} enforces the same rules again in the database.
 *
 * <p>What the node can claim on chain is the {@code sent_a} of the newest (highest seqno) state
 * it holds, because the contract settles on the highest seqno. So every check is against that
 * amount, the <em>held</em> one: {@code charged + reserved + max_cost <= held}, where
 * {@code reserved} sums the maxima of the requests in flight. Amounts never decrease as seqnos
 * grow, so an older state can never add money. All arithmetic is exact: a sum that would not fit
 * in a signed 64-bit number refuses the request.
 *
 * <p>A state is a credit window (spec-v1 §13.1): once accepted, the same signed state may pay
 * for further requests as long as the held amount covers them. Only a byte-identical copy (same
 * seqno, amount and signature) counts as the same state, and it needs no second signature check.
 *
 * <p>Not thread-safe: the {@link PaymentDesk} calls it only inside {@link PaymentLedger#locked}.
 * With a ledger that replicas share, the account is a copy of the database's, refreshed there.
 */
final class ChannelAccount {
  /** How far below the newest accepted seqno a late, never-used state is still accepted. */
  static final long SEQNO_WINDOW = 64;

  /** Why a payment state is refused, or {@link #ADMIT}. */
  enum Verdict {
    ADMIT,
    /** seqno 0, used before with another amount or signature, or more than {@link #SEQNO_WINDOW} below the newest. */
    REPLAY,
    /** max_cost below the request's bound or above the most any request can cost here. */
    MAX_COST_OUT_OF_RANGE,
    /** A newer seqno with less money than an older one, or the reverse: worth nothing on chain. */
    OUT_OF_ORDER,
    /** sent_a above A's deposit as last read from the chain. */
    ABOVE_DEPOSIT,
    /** k requests already in flight on the channel. */
    BUSY,
    /** The held amount does not cover what is charged, in flight and this request's maximum. */
    SHORT,
    /** The channel is being closed cooperatively. */
    CLOSING
  }

  final String key;
  final byte[] ref;
  final byte[] keyA;
  final java.math.BigInteger channelId;
  private long deposit;
  private long heldSeqno;
  private long heldSent;
  /** sent_a of the newest state that dropped out of the window: a lower bound for late states. */
  private long floorSent;
  private final TreeMap<Long, PaymentLedger.State> window = new TreeMap<>();
  private long charged;
  private long reserved;
  private int inFlight;
  private long committedCharged;
  private boolean closing;

  /**
   * @param recent accepted states with seqno above {@code heldSeqno - SEQNO_WINDOW}, by seqno
   * @param floorSent sent_a of the newest accepted state below them (0 if none)
   */
  ChannelAccount(String key, byte[] ref, byte[] keyA, java.math.BigInteger channelId, long deposit, long heldSeqno, long heldSent, long charged,
      Map<Long, PaymentLedger.State> recent, long floorSent) {
    if (charged > heldSent) {
      throw new IllegalStateException("charged above the held state on " + key);
    }
    this.key = key;
    this.ref = ref.clone();
    this.keyA = keyA.clone();
    this.channelId = channelId;
    this.deposit = deposit;
    this.heldSeqno = heldSeqno;
    this.heldSent = heldSent;
    this.charged = charged;
    this.window.putAll(recent);
    this.floorSent = floorSent;
  }

  /**
   * Replaces what the ledger keeps of the account with what it holds now (a ledger that replicas
   * share: each of them changes it). The deposit and committed total are the chain's, and stay.
   *
   * @param inFlight requests in flight on every replica, whose maxima sum to {@code reserved}
   */
  void refresh(long heldSeqno, long heldSent, long charged, Map<Long, PaymentLedger.State> recent, long floorSent,
      long reserved, int inFlight, boolean closing) {
    if (charged > heldSent) {
      throw new IllegalStateException("charged above the held state on " + key);
    }
    this.heldSeqno = heldSeqno;
    this.heldSent = heldSent;
    this.charged = charged;
    this.window.clear();
    this.window.putAll(recent);
    this.floorSent = floorSent;
    this.reserved = reserved;
    this.inFlight = inFlight;
    this.closing = this.closing || closing;
  }

  /**
   * Whether {@code (seqno, sent, signature)} is a state this account accepted and still holds in
   * its window, byte for byte: it was verified when it was accepted.
   */
  boolean holds(long seqno, long sent, byte[] signature) {
    PaymentLedger.State accepted = window.get(seqno);
    return accepted != null && accepted.sent == sent && MessageDigest.isEqual(accepted.signature(), signature);
  }

  /**
   * Decides a payment state, new or one it {@linkplain #holds holds}; changes nothing.
   *
   * @param bound the request's price bound (spec-v1 §13.2)
   * @param perRequestMax the most any request can cost on this node (its largest body, the model's
   *     largest completion): a {@code max_cost} above it is refused before any sum
   */
  Verdict check(long seqno, long sent, byte[] signature, long maxCost, long bound, long perRequestMax,
      int maxInFlight) {
    if (closing) {
      return Verdict.CLOSING;
    }
    if (seqno <= 0 || seqno <= heldSeqno - SEQNO_WINDOW
        || window.containsKey(seqno) && !holds(seqno, sent, signature)) {
      return Verdict.REPLAY;
    }
    if (maxCost < bound || maxCost > perRequestMax) {
      return Verdict.MAX_COST_OUT_OF_RANGE;
    }
    if (!inOrder(seqno, sent)) {
      return Verdict.OUT_OF_ORDER;
    }
    if (sent > deposit) {
      return Verdict.ABOVE_DEPOSIT;
    }
    if (inFlight >= maxInFlight) {
      return Verdict.BUSY;
    }
    long held = seqno > heldSeqno ? sent : heldSent;
    return covers(held, maxCost) ? Verdict.ADMIT : Verdict.SHORT;
  }

  /** Whether {@code sent} fits between the amounts of the accepted states around {@code seqno}. */
  private boolean inOrder(long seqno, long sent) {
    Map.Entry<Long, PaymentLedger.State> below = window.lowerEntry(seqno);
    long lower = below != null ? below.getValue().sent : floorSent;
    Map.Entry<Long, PaymentLedger.State> above = window.higherEntry(seqno);
    return sent >= lower && (above == null || sent <= above.getValue().sent);
  }

  /** {@code charged + reserved + maxCost <= held}, exactly. */
  private boolean covers(long held, long maxCost) {
    try {
      return Math.addExact(Math.addExact(charged, reserved), maxCost) <= held;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  /** Takes an admitted state (new, or one it holds): a new one may become the held one; its maximum is reserved. */
  void reserve(long seqno, long sent, byte[] signature, long maxCost) {
    window.putIfAbsent(seqno, new PaymentLedger.State(sent, signature));
    if (seqno > heldSeqno) {
      heldSeqno = seqno;
      heldSent = sent;
      while (window.firstKey() <= heldSeqno - SEQNO_WINDOW) {
        floorSent = Math.max(floorSent, window.pollFirstEntry().getValue().sent);
      }
    }
    reserved = Math.addExact(reserved, maxCost);
    inFlight++;
  }

  /** The cumulative charge after charging {@code cost}; the held amount always covers it. */
  long chargedAfter(long cost) {
    long cumulative = Math.addExact(charged, cost);
    if (cumulative > heldSent) {
      throw new IllegalStateException("a charge would pass the held state on " + key);
    }
    return cumulative;
  }

  /** Records that {@code cumulative} was durably charged. */
  void charged(long cumulative) {
    this.charged = cumulative;
  }

  /** Ends a request in flight (charged or not). */
  void finish(long maxCost) {
    reserved = Math.subtractExact(reserved, maxCost);
    inFlight--;
  }

  long charged() {
    return charged;
  }

  long reserved() {
    return reserved;
  }

  long heldSeqno() {
    return heldSeqno;
  }

  long heldSent() {
    return heldSent;
  }

  int inFlight() {
    return inFlight;
  }

  long deposit() {
    return deposit;
  }

  void deposit(long deposit) {
    this.deposit = deposit;
  }

  long committedCharged() {
    return committedCharged;
  }

  void committedCharged(long secured) {
    this.committedCharged = secured;
  }

  boolean closing() {
    return closing;
  }

  void closing(boolean closing) {
    this.closing = closing;
  }
}
