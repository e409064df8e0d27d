package dev.silk.faketon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;
import org.ton.java.mnemonic.Ed25519;

/**
 * The standard TON payment-channel contract (ton-blockchain/payment-channels), ported op for op
 * with its error codes: top-up, init, cooperative commit and close, uncooperative close with
 * quarantine, challenge and finish. Conditionals (settle_conditionals) are not supported: Silk
 * never signs any. Not thread-safe (the chain serializes calls).
 */
final class ChannelContract {
  static final long OP_TOP_UP = 0x67c7d281L;
  static final long OP_INIT = 235282626L;
  static final long OP_COOPERATIVE_CLOSE = 1433884798L;
  static final long OP_COOPERATIVE_COMMIT = 2040604399L;
  static final long OP_START_UNCOOPERATIVE_CLOSE = 521476815L;
  static final long OP_CHALLENGE = 143567410L;
  static final long OP_FINISH = 625158801L;
  static final long OP_CHANNEL_CLOSED = 0xdddc88baL;

  private static final long TAG_INIT = 0x696e6974L;
  private static final long TAG_CLOSE = 0x436c6f73L;
  private static final long TAG_COMMIT = 0x43436d74L;
  private static final long TAG_START = 0x556e436cL;
  private static final long TAG_CHALLENGE = 0x43686751L;
  private static final long TAG_STATE = 0x43685374L;

  boolean inited;
  long balanceA;
  long balanceB;
  final byte[] keyA;
  final byte[] keyB;
  final BigInteger channelId;
  final long quarantineDuration;
  final long fine;
  final long conditionalCloseDuration;
  long committedA;
  long committedB;
  Quarantine quarantine;
  final long excessFee;
  final Address addrA;
  final Address addrB;

  /** A state under quarantine. */
  static final class Quarantine {
    long seqnoA;
    long sentA;
    long seqnoB;
    long sentB;
    long startedAt;
    boolean committedByA;
    boolean challenged;
  }

  /** A payout the contract sends. */
  static final class Payout {
    final Address to;
    final long amount;
    final boolean all;

    Payout(Address to, long amount, boolean all) {
      this.to = to;
      this.amount = amount;
      this.all = all;
    }
  }

  /** Reads the contract's initial storage (the layout ton4j's PaymentChannel writes). */
  ChannelContract(Cell data) {
    CellSlice s = CellSlice.beginParse(data);
    inited = s.loadBit();
    balanceA = s.loadCoins().longValueExact();
    balanceB = s.loadCoins().longValueExact();
    keyA = s.loadBytes(256);
    keyB = s.loadBytes(256);
    channelId = s.loadUint(128);
    CellSlice closing = CellSlice.beginParse(s.loadRef());
    quarantineDuration = closing.loadUint(32).longValue();
    fine = closing.loadCoins().longValueExact();
    conditionalCloseDuration = closing.loadUint(32).longValue();
    committedA = s.loadUint(32).longValue();
    committedB = s.loadUint(32).longValue();
    if (s.loadMaybeRefX() != null) {
      throw new IllegalArgumentException("a fresh channel has no quarantine");
    }
    CellSlice payments = CellSlice.beginParse(s.loadRef());
    excessFee = payments.loadCoins().longValueExact();
    addrA = payments.loadAddress();
    addrB = payments.loadAddress();
  }

  /**
   * Applies one internal message; returns the payouts to send. On a {@link ChainRejection} the
   * caller restores the previous state (the transaction aborts).
   */
  List<Payout> receive(Cell body, long contractBalance, long now) {
    CellSlice msg = CellSlice.beginParse(body);
    long op = msg.loadUint(32).longValue();
    if (op == OP_TOP_UP) {
      require(!inited, 100, "already inited");
      balanceA += msg.loadCoins().longValueExact();
      balanceB += msg.loadCoins().longValueExact();
      require(balanceA + balanceB <= contractBalance, 102, "not enough money for the top-up");
      return new ArrayList<>();
    } else if (op == OP_INIT) {
      require(!inited, 100, "already inited");
      boolean isA = msg.loadBit();
      byte[] signature = msg.loadBytes(512);
      require(verify(isA ? keyA : keyB, rest(msg), signature), 101, "init not signed by the party");
      require(msg.loadUint(32).longValue() == TAG_INIT, 104, "wrong tag");
      require(channelId.equals(msg.loadUint(128)), 114, "wrong channel id");
      long setA = msg.loadCoins().longValueExact();
      long setB = msg.loadCoins().longValueExact();
      require(setA >= balanceA && setB >= balanceB, 102, "init below the deposits");
      balanceA = setA;
      balanceB = setB;
      require(balanceA + balanceB + excessFee < contractBalance, 102, "not enough money for init");
      inited = true;
      return new ArrayList<>();
    } else if (op == OP_COOPERATIVE_CLOSE || op == OP_COOPERATIVE_COMMIT) {
      byte[] sigA = CellSlice.beginParse(msg.loadRef()).loadBytes(512);
      byte[] sigB = CellSlice.beginParse(msg.loadRef()).loadBytes(512);
      byte[] hash = rest(msg);
      boolean close = op == OP_COOPERATIVE_CLOSE;
      require(msg.loadUint(32).longValue() == (close ? TAG_CLOSE : TAG_COMMIT), 104, "wrong tag");
      require(channelId.equals(msg.loadUint(128)), 114, "wrong channel id");
      require(verify(keyA, hash, sigA) && verify(keyB, hash, sigB), 101, "not signed by both parties");
      long newA = 0;
      long newB = 0;
      if (close) {
        newA = msg.loadCoins().longValueExact();
        newB = msg.loadCoins().longValueExact();
      }
      long seqnoA = msg.loadUint(64).longValue();
      long seqnoB = msg.loadUint(64).longValue();
      require(committedA < seqnoA && committedB < seqnoB, 108, "seqno regress");
      committedA = seqnoA;
      committedB = seqnoB;
      if (close) {
        balanceA = newA;
        balanceB = newB;
        return close(contractBalance);
      }
      if (quarantine != null && (seqnoA > quarantine.seqnoA || seqnoB > quarantine.seqnoB)) {
        quarantine = null;
      }
      return new ArrayList<>();
    } else if (op == OP_START_UNCOOPERATIVE_CLOSE || op == OP_CHALLENGE) {
      boolean challenge = op == OP_CHALLENGE;
      require(challenge ? quarantine != null : quarantine == null, challenge ? 107 : 106,
          challenge ? "no quarantined state" : "quarantine already active");
      boolean byA = msg.loadBit();
      byte[] signature = msg.loadBytes(512);
      require(verify(byA ? keyA : keyB, rest(msg), signature), 101, "not signed by the sender");
      require(msg.loadUint(32).longValue() == (challenge ? TAG_CHALLENGE : TAG_START), 104, "wrong tag");
      require(channelId.equals(msg.loadUint(128)), 114, "wrong channel id");
      long[] a = semiChannel(msg.loadRef(), keyA);
      long[] b = semiChannel(msg.loadRef(), keyB);
      // a = {seqno_A, sent_A, seqno_B as A saw it, sent_B as A saw it}; b likewise for B.
      require(a[0] >= committedA && b[0] >= committedB && b[0] >= a[2] && a[0] >= b[2] && b[1] >= a[3]
          && a[1] >= b[3], 105, "outdated state");
      if (!challenge) {
        quarantine = new Quarantine();
        quarantine.seqnoA = a[0];
        quarantine.sentA = a[1];
        quarantine.seqnoB = b[0];
        quarantine.sentB = b[1];
        quarantine.startedAt = now;
        quarantine.committedByA = byA;
        return new ArrayList<>();
      }
      if (a[2] > 0) {
        require(a[2] >= committedB, 105, "outdated state");
      }
      if (b[2] > 0) {
        require(b[2] >= committedA, 105, "outdated state");
      }
      require(quarantine.startedAt + quarantineDuration > now, 111, "too late to challenge");
      require(!quarantine.challenged, 115, "already challenged");
      boolean misbehaved;
      if (quarantine.committedByA) {
        misbehaved = a[0] > quarantine.seqnoA || a[1] > quarantine.sentA;
        quarantine.seqnoA = a[0];
        quarantine.sentA = a[1];
      } else {
        misbehaved = b[0] > quarantine.seqnoB || b[1] > quarantine.sentB;
        quarantine.seqnoB = b[0];
        quarantine.sentB = b[1];
      }
      require(quarantine.committedByA != byA, 109, "only the counterparty may challenge");
      if (misbehaved) {
        if (quarantine.committedByA) {
          quarantine.sentA += fine;
        } else {
          quarantine.sentB += fine;
        }
      }
      quarantine.committedByA = byA;
      quarantine.challenged = true;
      return new ArrayList<>();
    } else if (op == OP_FINISH) {
      require(quarantine != null, 107, "no quarantined state");
      require(quarantine.startedAt + quarantineDuration + conditionalCloseDuration < now, 113, "too early to close");
      long newA = balanceA + quarantine.sentB - quarantine.sentA;
      long newB = balanceB + quarantine.sentA - quarantine.sentB;
      if (newB < 0) {
        newA += newB;
        newB = 0;
      }
      if (newA < 0) {
        newB += newA;
        newA = 0;
      }
      balanceA = newA;
      balanceB = newB;
      committedA = quarantine.seqnoA + 1;
      committedB = quarantine.seqnoB + 1;
      return close(contractBalance);
    }
    throw new ChainRejection(0xffff, "unknown op " + op);
  }

  /** Pays B its balance, then A everything left, and clears the channel for reuse. */
  private List<Payout> close(long contractBalance) {
    List<Payout> out = new ArrayList<>();
    out.add(new Payout(addrB, Math.min(balanceB, contractBalance), balanceB > contractBalance));
    out.add(new Payout(addrA, 0, true));
    inited = false;
    balanceA = 0;
    balanceB = 0;
    quarantine = null;
    return out;
  }

  /** A signed semi-channel: {seqno, sent, counterparty seqno (-1 if absent), counterparty sent}. */
  private long[] semiChannel(Cell signed, byte[] key) {
    CellSlice s = CellSlice.beginParse(signed);
    byte[] signature = s.loadBytes(512);
    require(verify(key, rest(s), signature), 101, "semi-channel state not signed by its party");
    require(s.loadUint(32).longValue() == TAG_STATE, 104, "wrong tag");
    require(channelId.equals(s.loadUint(128)), 114, "wrong channel id");
    long seqno = s.loadUint(64).longValue();
    long sent = s.loadCoins().longValueExact();
    require(!s.loadBit(), 0xffff, "conditionals are not supported by this chain");
    Cell counterparty = s.loadMaybeRefX();
    if (counterparty == null) {
      return new long[] {seqno, sent, -1, -1};
    }
    CellSlice c = CellSlice.beginParse(counterparty);
    return new long[] {seqno, sent, c.loadUint(64).longValue(), c.loadCoins().longValueExact()};
  }

  /** The hash FunC's {@code slice_hash} gives the rest of {@code s}: of a cell holding its bits and refs. */
  static byte[] rest(CellSlice s) {
    return CellBuilder.beginCell().storeCell(s.clone().sliceToCell()).endCell().hash();
  }

  static boolean verify(byte[] key, byte[] hash, byte[] signature) {
    return Ed25519.verify(key, hash, signature);
  }

  private static void require(boolean ok, int exitCode, String reason) {
    if (!ok) {
      throw new ChainRejection(exitCode, reason);
    }
  }

  /** 0 uninited, 1 open, 2 closure started, 3 settling conditionals, 4 awaiting finalization. */
  int state(long now) {
    if (!inited) {
      return 0;
    }
    if (quarantine == null) {
      return 1;
    }
    if (quarantine.startedAt + quarantineDuration > now) {
      return 2;
    }
    if (quarantine.startedAt + quarantineDuration + conditionalCloseDuration > now) {
      return 3;
    }
    return 4;
  }

  ChannelContract copy() {
    ChannelContract c = new ChannelContract(this);
    return c;
  }

  private ChannelContract(ChannelContract o) {
    inited = o.inited;
    balanceA = o.balanceA;
    balanceB = o.balanceB;
    keyA = o.keyA;
    keyB = o.keyB;
    channelId = o.channelId;
    quarantineDuration = o.quarantineDuration;
    fine = o.fine;
    conditionalCloseDuration = o.conditionalCloseDuration;
    committedA = o.committedA;
    committedB = o.committedB;
    if (o.quarantine != null) {
      quarantine = new Quarantine();
      quarantine.seqnoA = o.quarantine.seqnoA;
      quarantine.sentA = o.quarantine.sentA;
      quarantine.seqnoB = o.quarantine.seqnoB;
      quarantine.sentB = o.quarantine.sentB;
      quarantine.startedAt = o.quarantine.startedAt;
      quarantine.committedByA = o.quarantine.committedByA;
      quarantine.challenged = o.quarantine.challenged;
    }
    excessFee = o.excessFee;
    addrA = o.addrA;
    addrB = o.addrB;
  }
}
