package dev.silk.node.payment;

import dev.silk.ton.TonAddress;
import dev.silk.ton.payment.ChannelPayment;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels this node is paid through, each loaded once: its keys from the chain (through the
 * bounded {@link ChannelDirectory}), its money from the ledger. No lock is held while either
 * answers. Thread-safe.
 */
final class Accounts {
  private static final Logger LOG = LoggerFactory.getLogger("payment");

  private final byte[] keyB;
  private final ChannelDirectory directory;
  private final PaymentLedger ledger;
  private final Map<String, ChannelAccount> loaded = new ConcurrentHashMap<>();
  /** Channels that take no more payments (closing on chain, or the ledger disagrees with the chain). */
  private final java.util.Set<String> stopped = ConcurrentHashMap.newKeySet();

  Accounts(byte[] keyB, ChannelDirectory directory, PaymentLedger ledger) {
    this.keyB = keyB.clone();
    this.directory = directory;
    this.ledger = ledger;
  }

  /**
   * The account of the channel at {@code address}, or null if no channel is open there with this
   * node as B (and, when given, with that channel id).
   */
  ChannelAccount get(TonAddress address, BigInteger channelId)
      throws ChannelDirectory.ChainUnavailableException, SQLException {
    ChannelAccount account = loaded.get(address.toRaw());
    if (account == null) {
      Optional<OnChainChannel> onChain = directory.lookup(address);
      if (!onChain.isPresent() || !onChain.get().open() || !Arrays.equals(onChain.get().keyB, keyB)) {
        return null;
      }
      account = load(address, onChain.get());
      ChannelAccount raced = loaded.putIfAbsent(address.toRaw(), account);
      if (raced != null) {
        account = raced;
      } else {
        if (stopped.contains(address.toRaw())) {
          synchronized (account) {
            account.closing(true);
          }
        }
        LOG.info("channel {} open: deposit A {} nanoTON, charged so far {}", account.key, account.deposit(),
            account.charged());
      }
    }
    return channelId == null || account.channelId.equals(channelId) ? account : null;
  }

  /** Takes no more payments on the channel at {@code address} (answered {@code channel_closed}). */
  void stop(TonAddress address) {
    stopped.add(address.toRaw());
    try {
      ledger.stopPayments(address.toRaw()); // every replica, and this one after a restart
    } catch (SQLException e) {
      LOG.warn("channel {}: payments stopped here, not yet recorded (SQL state {})", address.toRaw(),
          e.getSQLState());
    }
    ChannelAccount account = loaded.get(address.toRaw());
    if (account != null) {
      synchronized (account) {
        account.closing(true);
      }
    }
  }

  /** The account if it is loaded, else null. */
  ChannelAccount loaded(TonAddress address) {
    return loaded.get(address.toRaw());
  }

  private ChannelAccount load(TonAddress address, OnChainChannel onChain) throws SQLException {
    String key = address.toRaw();
    Optional<PaymentLedger.Account> recorded = ledger.account(key);
    long heldSeqno = recorded.map(a -> a.heldSeqno).orElse(0L);
    long windowStart = Math.max(0, heldSeqno - ChannelAccount.SEQNO_WINDOW);
    ChannelAccount account = new ChannelAccount(key, ChannelPayment.channelReference(address), onChain.keyA,
        onChain.channelId, onChain.balanceA, heldSeqno, recorded.map(a -> a.heldSent).orElse(0L),
        recorded.map(a -> a.charged).orElse(0L), ledger.statesAfter(key, windowStart),
        ledger.sentAtOrBelow(key, windowStart));
    account.closing(ledger.closing(key));
    return account;
  }
}
