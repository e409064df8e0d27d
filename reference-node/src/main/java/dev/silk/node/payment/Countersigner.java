package dev.silk.node.payment;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.payment.CooperativeClose;
import dev.silk.ton.payment.CooperativeCommit;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Countersigns cooperative closes and commits (spec-v1 §13.5) with the node's channel key B, only
 * after A's signature verified: the chain is read for balances only then. Thread-safe.
 */
public final class Countersigner {
  private static final Logger LOG = LoggerFactory.getLogger("payment");

  /** Why the node will not countersign: an HTTP status and a reason. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    public final int status;

    Refused(int status, String reason) {
      super(reason);
      this.status = status;
    }
  }

  private final PaymentDesk desk;
  private final TonSecretKey keyB;

  public Countersigner(PaymentDesk desk, TonSecretKey keyB) {
    this.desk = desk;
    this.keyB = keyB;
  }

  /**
   * Countersigns a cooperative close whose balances are exactly the deposits moved by the charged
   * total, with nothing in flight; the channel then takes no more payments.
   *
   * @return the node's 64-byte signature under key B
   */
  public byte[] close(byte[] body) throws Refused, SQLException {
    CooperativeClose close;
    try {
      close = CooperativeClose.parse(body);
    } catch (SilkCryptoException e) {
      throw new Refused(400, "malformed close request");
    }
    ChannelAccount account = account(close.channel(), a -> close.signedBy(a.keyA, a.channelId));
    OnChainChannel onChain = openOnChain(close.channel());
    long[] charged = new long[1];
    Refused refused = desk.locked(account, entries -> {
      if (account.inFlight() > 0) {
        return new Refused(409, "requests are in flight on the channel");
      }
      charged[0] = account.charged();
      try {
        if (close.balanceA() != Math.subtractExact(onChain.balanceA, charged[0])
            || close.balanceB() != Math.addExact(onChain.balanceB, charged[0])) {
          return new Refused(409, "balances must be the deposits moved by the charged total (" + charged[0] + ")");
        }
      } catch (ArithmeticException e) {
        return new Refused(409, "balances out of range");
      }
      // Recorded before the signature leaves: no replica takes a payment on the channel after it.
      entries.closing(account.key);
      account.closing(true);
      return null;
    });
    if (refused != null) {
      throw refused;
    }
    LOG.info("channel {}: countersigned a cooperative close, charged {} nanoTON", account.key, charged[0]);
    return keyB.sign(close.hash(account.channelId));
  }

  /**
   * Countersigns a cooperative commit of the client's newest accepted seqno (so that no state the
   * node holds becomes unusable) and a new node seqno. The channel stays open.
   *
   * @return the node's 64-byte signature under key B
   */
  public byte[] commit(byte[] body) throws Refused, SQLException {
    CooperativeCommit commit;
    try {
      commit = CooperativeCommit.parse(body);
    } catch (SilkCryptoException e) {
      throw new Refused(400, "malformed commit request");
    }
    ChannelAccount account = account(commit.channel(), a -> commit.signedBy(a.keyA, a.channelId));
    long held = desk.locked(account, entries -> account.heldSeqno());
    if (held == 0) {
      throw new Refused(409, "no payment on this channel yet");
    }
    if (commit.seqnoA() != held) {
      throw new Refused(409, "commit the newest accepted seqno (" + held + ")");
    }
    LOG.info("channel {}: countersigned a cooperative commit of seqnos {}/{}", account.key, commit.seqnoA(),
        commit.seqnoB());
    return keyB.sign(commit.hash(account.channelId));
  }

  /** The account whose key A signed the request (a channel not open with this node fails the same way). */
  private ChannelAccount account(dev.silk.ton.TonAddress channel, java.util.function.Predicate<ChannelAccount> signedBy)
      throws Refused, SQLException {
    try {
      return desk.signedAccount(channel, signedBy);
    } catch (SilkCryptoException e) {
      throw refusal(e);
    }
  }

  private OnChainChannel openOnChain(dev.silk.ton.TonAddress channel) throws Refused {
    Optional<OnChainChannel> onChain;
    try {
      onChain = desk.readChain(channel);
    } catch (SilkCryptoException e) {
      throw refusal(e);
    }
    if (!onChain.isPresent() || !onChain.get().open()) {
      throw new Refused(409, "no open channel with this node at that address");
    }
    return onChain.get();
  }

  private static Refused refusal(SilkCryptoException e) {
    switch (e.code()) {
      case BAD_SIGNATURE:
        return new Refused(401, "not signed by the channel's key A, or no open channel with this node there");
      case RATE_LIMITED:
        return new Refused(429, "too many requests on this channel");
      case OVERLOADED:
        return new Refused(503, "the chain cannot be read now; retry");
      default:
        return new Refused(400, e.code().wireName());
    }
  }
}
