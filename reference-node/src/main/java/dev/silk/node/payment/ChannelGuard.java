package dev.silk.node.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.ChannelWatcher;
import dev.silk.ton.channel.Side;
import dev.silk.ton.wallet.TonWallet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's watch over its channels on chain (spec-v1 §13.5). Its first pass reconciles the
 * ledger with each contract and refuses payments, loudly, on a channel where they disagree (the
 * contract committed a seqno the ledger never accepted, or the ledger charged more than the
 * deposit). Every pass then stops payments on a channel whose contract is closing and challenges a
 * close the client started on an older state than the newest the node holds: the contract then
 * settles on the newest state and fines the client. The node's wallet pays for the challenge.
 * Call {@link #run()} periodically, well within the channels' quarantine. Thread-safe.
 */
public final class ChannelGuard implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("payment");

  private final PaymentLedger ledger;
  private final ChannelDirectory directory;
  private final Accounts accounts;
  private final TonSecretKey keyB;
  private final TonCenterClient ton;
  private final TonWallet wallet;
  private volatile boolean reconciled;

  ChannelGuard(PaymentLedger ledger, ChannelDirectory directory, Accounts accounts, TonSecretKey keyB,
      TonCenterClient ton, TonWallet wallet) {
    this.ledger = ledger;
    this.directory = directory;
    this.accounts = accounts;
    this.keyB = keyB;
    this.ton = ton;
    this.wallet = wallet;
  }

  /** One pass over every channel in the ledger; a channel the chain cannot answer for now waits for the next. */
  @Override
  public void run() {
    try {
      if (!ledger.exclusively(this::pass)) {
        LOG.debug("channel watch: another replica is watching now");
      }
    } catch (SQLException e) {
      LOG.warn("channel watch: ledger unavailable");
    }
  }

  private void pass() {
    boolean first = !reconciled;
    try {
      int expired = ledger.purgeExpired();
      if (expired > 0) {
        LOG.warn("{} reservations ended by their lease: a replica stopped with requests in flight", expired);
      }
      for (PaymentLedger.Account account : ledger.accounts()) {
        try {
          guard(account, first);
        } catch (ChannelDirectory.ChainUnavailableException | RuntimeException e) {
          LOG.warn("channel {}: not watched this time: {}", account.channel, e.getClass().getSimpleName());
        }
      }
      reconciled = true;
    } catch (SQLException e) {
      LOG.warn("channel watch: ledger unavailable");
    }
  }

  /** Whether the first pass (the reconciliation at start) has completed. */
  public boolean reconciled() {
    return reconciled;
  }

  private void guard(PaymentLedger.Account account, boolean reconcile)
      throws ChannelDirectory.ChainUnavailableException {
    TonAddress address = TonAddress.parse(account.channel);
    Optional<OnChainChannel> read = directory.read(address);
    if (!read.isPresent()) {
      if (reconcile) {
        LOG.error("channel {}: in the ledger with {} nanoTON charged, but no channel contract is on chain there",
            account.channel, account.charged);
      }
      return;
    }
    OnChainChannel onChain = read.get();
    if (reconcile && onChain.open()) {
      String disagreement = onChain.committedSeqnoA > account.heldSeqno
          ? "the contract committed seqno " + onChain.committedSeqnoA + ", which the ledger never accepted (newest "
              + account.heldSeqno + ")"
          : account.charged > onChain.balanceA
              ? "the ledger charged " + account.charged + " nanoTON, more than A's deposit of " + onChain.balanceA
              : null;
      if (disagreement != null) {
        LOG.error("channel {}: ledger and chain disagree: {}; payments on it are refused until the operator"
            + " reconciles them", account.channel, disagreement);
        accounts.stop(address);
        return;
      }
    }
    if (onChain.state < 2) {
      return;
    }
    accounts.stop(address);
    ChannelState newest = ChannelState.of(account.heldSeqno, TonAmount.ofNanoton(account.heldSent), 0, TonAmount.ZERO);
    ChannelSigner b = ChannelSigner.of(onChain.channelId, onChain.keyB, Side.B, keyB);
    ChannelWatcher.LatestStates latest = new ChannelWatcher.LatestStates(newest,
        ChannelSigner.signedStateBoc(onChain.channelId, newest, Side.A, account.heldSignature),
        b.signedStateBoc(newest));
    ChannelWatcher.Outcome outcome = new ChannelWatcher(ton, address, b, wallet, () -> latest).check();
    if (outcome == ChannelWatcher.Outcome.CHALLENGED) {
      LOG.warn("channel {}: the client closed on an older state; challenged with seqno {} ({} nanoTON)",
          account.channel, account.heldSeqno, account.heldSent);
    } else {
      LOG.info("channel {}: closing on chain ({}); no payment is taken on it", account.channel, outcome);
    }
  }
}
