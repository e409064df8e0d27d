package dev.silk.node.payment;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.NodeLimits;
import dev.silk.node.limit.KeyedRateLimit;
import dev.silk.ton.TonAddress;
import dev.silk.ton.channel.Side;
import dev.silk.ton.payment.ChannelPayment;
import dev.silk.ton.payment.ChannelStatusRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of {@code ton-channel} payment (spec-v1 §13): admits a request only if its
 * channel is open on chain with this node as B and its state passes the rules of {@link
 * ChannelAccount}, decided on the books of {@link PaymentLedger#locked}; otherwise it says why (a
 * signed error, or a signed quote). A new state is recorded durably before the request is served;
 * the charge (usage, capped at the request's maximum) before the receipt leaves. The chain is
 * never called under a lock, and only through bounded, cached reads. Thread-safe.
 */
public final class PaymentDesk implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("payment");

  private final SigningPrivateKey nodeKey;
  private final int maxInFlight;
  private final int maxBodyBytes;
  private final ChannelDirectory directory;
  private final Accounts accounts;
  private final PaymentLedger ledger;
  private final Clock clock;
  private final long commitThreshold;
  private final KeyedRateLimit perChannel;

  /**
   * @param maxInFlight k, the requests one channel may have in flight
   * @param commitThreshold uncommitted charges per channel past which payments wait for a
   *     cooperative commit on chain (0: never)
   */
  public PaymentDesk(SigningPrivateKey nodeKey, byte[] paymentKeyB, int maxInFlight, ChainView chain,
      PaymentLedger ledger, Clock clock, long commitThreshold, NodeLimits limits) {
    this.nodeKey = nodeKey;
    this.maxInFlight = maxInFlight;
    this.maxBodyBytes = limits.maxBodyBytes();
    this.directory = new ChannelDirectory(chain, limits.chainLookups(), limits.chainLookupDeadline(),
        limits.unknownChannelTtl(), clock);
    this.accounts = new Accounts(paymentKeyB, directory, ledger);
    this.ledger = ledger;
    this.clock = clock;
    this.commitThreshold = commitThreshold;
    this.perChannel = new KeyedRateLimit(limits.rateLimitPerClient(), 100_000);
  }

  /** Admits (or refuses) a decrypted request's payment (spec-v1 §13.3). */
  public Admission admit(RequestId requestId, byte[] paymentBytes, ModelInfo model, int bodyBytes, Long maxTokens) {
    long bound;
    long perRequestMax;
    try {
      bound = Pricing.maxCost(model, bodyBytes, maxTokens);
      perRequestMax = Pricing.maxCost(model, maxBodyBytes, null);
    } catch (ArithmeticException e) {
      return Admission.refuse(ErrorCode.INTERNAL, "the node's prices overflow a 64-bit amount");
    }
    ChannelPayment payment;
    try {
      payment = ChannelPayment.parse(paymentBytes);
    } catch (SilkCryptoException e) {
      return paymentBytes.length == 0 ? emptyQuote(requestId, bound)
          : Admission.refuse(e.code(), "payment state: " + e.getMessage());
    }
    if (perChannel.tryTake(payment.channel().toRaw()) != null) {
      return Admission.refuse(ErrorCode.RATE_LIMITED, "too many requests on this channel");
    }
    ChannelAccount account;
    try {
      account = accounts.get(payment.channel(), payment.channelId());
    } catch (ChannelDirectory.ChainUnavailableException e) {
      return Admission.refuse(ErrorCode.OVERLOADED, "cannot read the channel from the chain now; retry");
    } catch (SQLException e) {
      return ledger.isUnavailable(e) ? Admission.UNAVAILABLE
          : Admission.refuse(ErrorCode.INTERNAL, "payment ledger unavailable");
    }
    if (account == null) {
      return emptyQuote(requestId, bound);
    }
    long seqno = payment.state().seqno(Side.A);
    long sent = payment.state().sent(Side.A).nanoton();
    byte[] signature = payment.signatureA();
    long maxCost = payment.maxCost().nanoton();
    boolean held;
    synchronized (account) {
      held = account.holds(seqno, sent, signature);
    }
    // A state of the credit window already accepted was verified then; a new one is verified off the lock.
    if (!held && !payment.signedBy(account.keyA)) {
      return Admission.refuse(ErrorCode.BAD_SIGNATURE, "payment state not signed by the channel's key A");
    }
    ChannelAccount.Verdict verdict;
    synchronized (account) {
      verdict = account.check(seqno, sent, signature, maxCost, bound, perRequestMax, maxInFlight);
    }
    if (verdict == ChannelAccount.Verdict.ABOVE_DEPOSIT) {
      refreshDeposit(account, payment.channel()); // a top-up, perhaps: read off the lock
    }
    if (commitThreshold > 0) {
      refreshCommitted(account, payment.channel());
    }
    try {
      return ledger.locked(account, entries -> {
        switch (account.check(seqno, sent, signature, maxCost, bound, perRequestMax, maxInFlight)) {
          case ADMIT:
            break;
          case REPLAY:
            return Admission.refuse(ErrorCode.REPLAY, "payment seqno already used or too old");
          case CLOSING:
            return Admission.refuse(ErrorCode.CHANNEL_CLOSED, "the channel was closed cooperatively; open a new one");
          case BUSY:
            return Admission.refuse(ErrorCode.OVERLOADED, "more than " + maxInFlight
                + " requests in flight on the channel");
          default:
            return new Admission(null, ErrorCode.PAYMENT_REQUIRED, "payment missing or short",
                quoteOf(requestId, account, bound));
        }
        if (commitDue(account)) {
          return Admission.refuse(ErrorCode.COMMIT_REQUIRED, "uncommitted charges of "
              + (account.charged() - account.committedCharged()) + " nanoTON reached the node's threshold of "
              + commitThreshold + ": commit the channel cooperatively (spec-v1 §13.5)");
        }
        long now = clock.millis();
        if (!account.holds(seqno, sent, signature)) {
          entries.accept(account.key, seqno, sent, signature, now);
        }
        entries.reserve(requestId.toBytes(), account.key, maxCost);
        account.reserve(seqno, sent, signature, maxCost);
        return new Admission(new Reservation(account, payment, model, requestId), null, null, null);
      });
    } catch (SQLException e) {
      if (ledger.isConstraint(e)) {
        return Admission.refuse(ErrorCode.REPLAY, "payment state already recorded");
      }
      LOG.error("payment ledger failed on admission (SQL state {})", e.getSQLState());
      ledger.releaseLater(requestId.toBytes()); // in case the reservation was recorded all the same
      return ledger.isUnavailable(e) ? Admission.UNAVAILABLE
          : Admission.refuse(ErrorCode.INTERNAL, "payment ledger unavailable");
    }
  }

  private boolean commitDue(ChannelAccount account) {
    return commitThreshold > 0 && account.charged() - account.committedCharged() >= commitThreshold;
  }

  private void refreshDeposit(ChannelAccount account, TonAddress address) {
    try {
      Optional<OnChainChannel> fresh = directory.read(address);
      if (fresh.isPresent()) {
        synchronized (account) {
          account.deposit(fresh.get().balanceA);
        }
      }
    } catch (ChannelDirectory.ChainUnavailableException e) {
      LOG.warn("deposit refresh: {}", e.getMessage());
    }
  }

  /**
   * When the books say the commit threshold is reached, reads what the channel's on-chain commit
   * secures (off the lock): it may have moved since.
   */
  private void refreshCommitted(ChannelAccount account, TonAddress address) {
    synchronized (account) {
      if (!commitDue(account)) {
        return;
      }
    }
    try {
      Optional<OnChainChannel> onChain = directory.read(address);
      if (onChain.isPresent() && onChain.get().committedSeqnoA > 0) {
        long secured = ledger.chargedThrough(account.key, onChain.get().committedSeqnoA);
        synchronized (account) {
          account.committedCharged(Math.max(account.committedCharged(), secured));
        }
      }
    } catch (ChannelDirectory.ChainUnavailableException | SQLException e) {
      LOG.warn("cannot read the channel's commit: {}", e.getClass().getSimpleName());
    }
  }

  /** A signed quote for no payment or an unknown channel: an empty one. */
  private Admission emptyQuote(RequestId requestId, long bound) {
    return new Admission(null, ErrorCode.PAYMENT_REQUIRED, "payment missing or short",
        PaymentQuote.sign(nodeKey, requestId, new byte[0], 0, 0, 0, bound, clock.instant()));
  }

  /** A signed quote of the account's books; the caller holds its lock. */
  private PaymentQuote quoteOf(RequestId requestId, ChannelAccount account, long bound) {
    return PaymentQuote.sign(nodeKey, requestId, account.ref, account.heldSeqno(), account.charged(),
        account.reserved(), bound, clock.instant());
  }

  /** Makes the signed receipt from the charge's terms (the node's response writer). */
  public interface ReceiptSigner {
    /** @return the signed receipt's bytes */
    byte[] sign(Receipt.Builder terms);
  }

  /**
   * Charges a request for its usage (capped at its maximum), has {@code signer} make the
   * receipt with the charge, and records both durably; only then may the answer leave. Charges
   * on one channel are made and recorded one after another, so every receipt's cumulative
   * charge is recorded before any later one is (a crash never leaves a receipt that counts a
   * charge the ledger lost).
   *
   * @param signer makes the receipt, or null for a stream the client abandoned (no receipt)
   * @throws SQLException if the ledger cannot record it: the answer must not be sent; with SQL
   *     state {@code 08007} when the charge may have been recorded all the same
   */
  public void settle(Reservation r, long promptTokens, long completionTokens, Receipt.Builder terms,
      ReceiptSigner signer) throws SQLException {
    settle(r, promptTokens, completionTokens, terms, signer, false);
  }

  /**
   * As {@link #settle(Reservation, long, long, Receipt.Builder, ReceiptSigner)}; with {@code
   * overcharge} (the reference node's injected fault, for client tests only) the charge also takes
   * half of the channel's unspent credit, and the receipt states the fair cost beside the inflated
   * total.
   */
  public void settle(Reservation r, long promptTokens, long completionTokens, Receipt.Builder terms,
      ReceiptSigner signer, boolean overcharge) throws SQLException {
    ChannelAccount account = r.account;
    if (!r.end()) {
      throw new IllegalStateException("reservation already settled");
    }
    long maxCost = r.payment.maxCost().nanoton();
    long seqno = r.payment.state().seqno(Side.A);
    long cost;
    try {
      cost = Pricing.charge(r.model, promptTokens, completionTokens, maxCost);
    } catch (ArithmeticException e) {
      release(r, account, maxCost);
      throw new SQLException("charge refused: " + e.getMessage());
    }
    try {
      ledger.locked(account, entries -> {
        try {
          for (int attempt = 0; ; attempt++) {
            long taken = overcharge ? cost + (account.heldSent() - account.charged() - account.reserved()) / 2 : cost;
            long cumulative = account.chargedAfter(taken);
            byte[] receipt = signer == null ? null
                : signer.sign(terms.costNanoton(cost).payment(account.ref, seqno, cumulative));
            try {
              entries.charge(r.requestId.toBytes(), account.key, seqno, taken, cumulative, receipt, clock.millis());
              account.charged(cumulative);
              account.finish(maxCost);
              return null;
            } catch (PaymentLedger.ConflictException e) {
              // A write reported failed was in fact recorded: take the ledger's total and charge on it.
              long recorded = ledger.account(account.key).map(a -> a.charged).orElse(0L);
              if (attempt > 0 || recorded <= account.charged()) {
                throw e;
              }
              account.charged(recorded);
            }
          }
        } catch (ArithmeticException | IllegalStateException e) {
          LOG.error("charge refused on channel {}: {}", account.key, e.getMessage());
          throw new SQLException("charge refused: " + e.getMessage());
        }
      });
    } catch (SQLException e) {
      if (dev.silk.node.store.PostgresStore.OUTCOME_UNKNOWN.equals(e.getSQLState())) {
        // Perhaps charged (then its reservation is gone with it); if not, it must still end.
        ledger.releaseLater(r.requestId.toBytes());
        throw e;
      }
      // Nothing charged: the reservation must still end, or it holds the channel's credit.
      release(r, account, maxCost);
      throw e;
    }
  }

  /** Releases a reservation that will not be charged (a refusal or failure after admission). */
  public void release(Reservation r) {
    if (!r.end()) {
      return;
    }
    release(r, r.account, r.payment.maxCost().nanoton());
  }

  /**
   * Ends a reservation uncharged. If the ledger cannot record that now, the reservation's lease
   * ends it (a shared ledger), or the next start does (the node's own).
   */
  private void release(Reservation r, ChannelAccount account, long maxCost) {
    try {
      ledger.locked(account, entries -> {
        entries.release(r.requestId.toBytes());
        account.finish(maxCost);
        return null;
      });
    } catch (SQLException e) {
      ledger.releaseLater(r.requestId.toBytes());
      LOG.warn("reservation on channel {} not released now (SQL state {}); released once the ledger answers",
          account.key, e.getSQLState());
    }
  }

  /**
   * Answers a signed channel-status request (spec-v1 §13.4).
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#STALE_REQUEST},
   *     {@link ErrorCode#RATE_LIMITED}, {@link ErrorCode#OVERLOADED} (the chain cannot be read now)
   *     or {@link ErrorCode#BAD_SIGNATURE} (also for an unknown channel, to reveal nothing)
   */
  public ChannelStatus status(byte[] body) throws SilkCryptoException, SQLException {
    ChannelStatusRequest request = ChannelStatusRequest.parse(body);
    if (!request.freshAt(clock.instant())) {
      throw new SilkCryptoException(ErrorCode.STALE_REQUEST, "status request timestamp outside 5 minutes");
    }
    ChannelAccount account = signedAccount(request.channel(), a -> request.signedBy(a.keyA));
    return ledger.locked(account, entries -> ChannelStatus.sign(nodeKey, account.ref, account.heldSeqno(),
        account.heldSent(), account.charged(), account.reserved(), clock.instant()));
  }

  /**
   * The account of {@code channel} if the request was signed by its key A ({@code signedBy});
   * the per-channel rate is taken first, and a channel that is not open with this node fails like
   * a bad signature.
   */
  ChannelAccount signedAccount(TonAddress channel, java.util.function.Predicate<ChannelAccount> signedBy)
      throws SilkCryptoException, SQLException {
    if (perChannel.tryTake(channel.toRaw()) != null) {
      throw new SilkCryptoException(ErrorCode.RATE_LIMITED, "too many requests on this channel");
    }
    ChannelAccount account;
    try {
      account = accounts.get(channel, null);
    } catch (ChannelDirectory.ChainUnavailableException e) {
      throw new SilkCryptoException(ErrorCode.OVERLOADED, "cannot read the channel from the chain now; retry");
    }
    if (account == null || !signedBy.test(account)) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, "request not signed by the channel's key A");
    }
    return account;
  }

  /** A new read of the channel from the chain (for a close: its balances), within the same bounds. */
  Optional<OnChainChannel> readChain(TonAddress channel) throws SilkCryptoException {
    try {
      return directory.read(channel);
    } catch (ChannelDirectory.ChainUnavailableException e) {
      throw new SilkCryptoException(ErrorCode.OVERLOADED, "cannot read the channel from the chain now; retry");
    }
  }

  /**
   * The watch over this desk's channels on chain: challenges with B's key {@code keyB}, paid for
   * from {@code wallet} through {@code ton}; run it periodically.
   */
  public ChannelGuard guard(dev.silk.ton.TonSecretKey keyB, dev.silk.ton.center.TonCenterClient ton,
      dev.silk.ton.wallet.TonWallet wallet) {
    return new ChannelGuard(ledger, directory, accounts, keyB, ton, wallet);
  }

  /**
   * Runs {@code work} with the channel's account locked (see {@link PaymentLedger#locked}), for
   * the cooperative close and commit.
   */
  <T> T locked(ChannelAccount account, PaymentLedger.Locked<T> work) throws SQLException {
    return ledger.locked(account, work);
  }

  /** Whether the ledger works (readiness). */
  public boolean healthy() {
    return ledger.healthy();
  }

  /** Whether paid work may be tried now (the ledger is healthy, or due for a reopen). */
  public boolean available() {
    return ledger.available();
  }

  @Override
  public void close() {
    directory.close();
  }
}
