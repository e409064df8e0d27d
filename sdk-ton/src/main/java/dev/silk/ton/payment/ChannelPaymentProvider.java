package dev.silk.ton.payment;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPublicKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.wallet.TonWallet;
import okhttp3.OkHttpClient;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Pays a Silk node over an open TON payment channel (spec-v1 §13): the client is party A. It
 * signs a state whose cumulative amount is what was charged, plus the maximum of every attempt in
 * flight, plus a <em>credit window</em> W (the node's signed maximum, capped by
 * {@link Builder#maxCredit}), never lower than any state signed before (also across restarts),
 * and sends that same state with every attempt while it covers them; a new state is signed once
 * the unspent credit falls under W/2, so attempts never wait for one and the signature, the
 * node's check and the durable write happen once per state, not per request. (seqno, amount) is
 * saved durably before a state leaves. At most k attempts are in flight (k from the node's
 * signed terms; more wait for a slot). A node can take at most W plus the k maxima in flight
 * beyond what it charged.
 *
 * <p>Every receipt is checked against what was signed: its charge must follow the node's signed
 * prices for the tokens it states (capped at the attempt's maximum), name the state the attempt
 * carried, and not move the charged total past what was signed or past what the attempts in flight
 * could add. A receipt that fails is a {@link VerificationException}, and the provider pays that
 * node nothing more. A quote is accepted only if the node does not claim more than was signed or
 * price more than it signed; a lost answer triggers a signed channel-status resync before the next
 * state. Thread-safe.
 *
 * <pre>{@code
 * ChannelPaymentProvider pay = ChannelPaymentProvider.builder()
 *     .channel(channelConfig).key(clientKey).deposit(TonAmount.ofTon("1"))
 *     .store(new FileChannelStore(Paths.get("silk-channels")))
 *     .build();
 * SilkClient client = SilkClient.builder().baseUrl(url).paymentProvider(pay).build();
 * }</pre>
 */
public final class ChannelPaymentProvider implements PaymentProvider {
  private static final Logger LOG = Logger.getLogger(ChannelPaymentProvider.class.getName());

  private final PaymentChannelConfig channel;
  private final TonSecretKey key;
  private final TonAmount deposit;
  private final Clock clock;
  /** Where commits the node asks for are sent from (null: this provider does not commit). */
  private final TonCenterClient settlementTon;
  private final TonWallet settlementWallet;
  private static final Duration SETTLEMENT_TIMEOUT = Duration.ofSeconds(60);
  private final byte[] channelRef;
  private final ChannelSettlement settlement;
  private final TonAmount maxCredit;
  private final Map<Long, InFlightPayment> inFlight = new HashMap<>();
  private final PaymentSlots slots;
  /** Guarded by this provider's lock. */
  private final ChannelBooks books;
  private long nextHandle;
  private boolean needsResync;
  /** Maxima of attempts that may have been charged without a receipt since the last resync. */
  private TonAmount unaccounted = TonAmount.ZERO;
  /** Why the node is no longer paid (a receipt claimed what was not signed), or null. */
  private String distrust;

  private ChannelPaymentProvider(Builder b) throws IOException {
    this.channel = b.channel;
    this.key = b.key;
    ChannelSigner signer = ChannelSigner.of(b.channel, Side.A, b.key);
    this.deposit = b.deposit;
    this.clock = b.clock;
    this.slots = new PaymentSlots(b.slotWait);
    this.maxCredit = b.maxCredit;
    this.settlementTon = b.settlementTon;
    this.settlementWallet = b.settlementWallet;
    this.channelRef = ChannelPayment.channelReference(channel.address());
    this.settlement = new ChannelSettlement(channel, signer);
    this.books = new ChannelBooks(channel, signer, b.deposit, b.store);
    // After a restart the attempts in flight before it are unknown, and another process may
    // share the channel: ask the node for its signed account before the first state.
    this.needsResync = true;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The channel this provider pays through. */
  public TonAddress channel() {
    return channel.address();
  }

  /** What the client currently remembers: highest signed state and charged total. */
  public synchronized ChannelRecord record() {
    return books.record();
  }

  /** How many payment states this provider has signed (each saved durably once): for tests and metrics. */
  public synchronized long statesSigned() {
    return books.statesSigned();
  }

  /** Only the node at the other end of this channel. */
  @Override
  public boolean canPay(PaymentTerms terms) {
    return PaymentTerms.TON_CHANNEL.equals(terms.scheme())
        && Arrays.equals(terms.counterpartyKey(), channel.publicKey(Side.B));
  }

  @Override
  public boolean paysWithoutOpening(PaymentTerms terms) {
    return canPay(terms);
  }

  @Override
  public PaymentAuthorization authorize(PaymentRequest request) {
    PaymentTerms terms = request.terms();
    if (!canPay(terms)) {
      throw new PaymentRequiredException("channel_mismatch", "this provider's channel is with another node "
          + "(its key B differs from the node's signed counterparty key)", null);
    }
    slots.acquire(terms.maxInFlight());
    try {
      return sign(request);
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private synchronized PaymentAuthorization sign(PaymentRequest request) {
    if (distrust != null) {
      throw new VerificationException("receipt_mismatch", "this provider no longer pays the node: " + distrust, null);
    }
    if (needsResync) {
      // The node's signed account of the channel; its charge may not exceed what was signed.
      adopt(request.nodeChannel().status(statusRequest()));
    }
    TonAmount maxCost = request.maxCost();
    TonAmount reserved = TonAmount.ZERO;
    for (InFlightPayment f : inFlight.values()) {
      reserved = reserved.plus(f.maxCost);
    }
    // What is owed plus every maximum in flight: the least the state carried must cover.
    TonAmount charged = books.charged();
    TonAmount need = charged.plus(reserved).plus(maxCost);
    if (need.isGreaterThan(deposit)) {
      throw new PaymentRequiredException("channel_exhausted", "the channel's deposit of " + deposit + " cannot "
          + "cover " + need + " (charged " + charged + ", in flight " + reserved + ", this request up to " + maxCost
          + "): top it up or open a new channel", null);
    }
    long window = Math.min(request.terms().maxCreditNanoton(), maxCredit.nanoton());
    ChannelPayment payment = books.paymentCovering(need, window);
    long handle = ++nextHandle;
    inFlight.put(handle, new InFlightPayment(maxCost, payment.state().seqno(Side.A), request.model()));
    return PaymentAuthorization.of(payment.withMaxCost(maxCost).encode(), maxCost, handle);
  }

  @Override
  public void settled(PaymentAuthorization authorization, SignedReceipt receipt) {
    Receipt r = receipt.receipt();
    synchronized (this) {
      InFlightPayment attempt = inFlight.get(authorization.handle());
      try {
        String wrong = attempt == null ? null
            : NodeClaims.receipt(r, attempt, channelRef, books.lastSent(), books.charged().plus(unaccounted),
                inFlight.values());
        if (wrong != null) {
          distrust = wrong;
          books.dropCurrent();
          throw new VerificationException("receipt_mismatch", "the node's receipt " + wrong
              + "; it is paid nothing more", null);
        }
        // Kept in memory: the next state's save records it, and a restart resyncs from the node.
        books.charged(r.cumulativeChargedNanoton());
      } finally {
        done(authorization);
      }
    }
  }

  @Override
  public void quoted(PaymentAuthorization authorization, PaymentQuote quote) {
    synchronized (this) {
      done(authorization);
      NodeClaims.checkQuote(quote, channel.address(), channelRef, authorization.maxCost(), books.lastSent());
      books.charged(quote.chargedNanoton());
      books.signedElsewhere(quote.lastSeqno());
      books.dropCurrent();
      books.persist();
    }
  }

  @Override
  public void released(PaymentAuthorization authorization, boolean mayHaveReachedNode) {
    synchronized (this) {
      InFlightPayment attempt = inFlight.get(authorization.handle());
      done(authorization);
      if (mayHaveReachedNode) {
        needsResync = true;
        if (attempt != null) {
          unaccounted = unaccounted.plus(attempt.maxCost);
        }
      }
    }
  }

  private void done(PaymentAuthorization authorization) {
    if (inFlight.remove(authorization.handle()) != null) {
      slots.release();
    }
  }

  /** A status request signed by A (spec-v1 §13.4). */
  private byte[] statusRequest() {
    return ChannelStatusRequest.sign(channel.address(), clock.instant(), key).toBytes();
  }

  private void adopt(ChannelStatus status) {
    NodeClaims.checkStatus(status, channelRef, books.lastSent());
    books.charged(status.chargedNanoton());
    books.signedElsewhere(status.lastSeqno());
    needsResync = false;
    // Attempts still in flight keep their maxima; those lost before this status are in its total.
    unaccounted = TonAmount.ZERO;
    books.persist();
  }

  /**
   * Closes the channel cooperatively (spec-v1 §13.5): reads the node's signed status and the
   * contract's deposits, signs the final balances (A's deposit less the charged total, B's plus
   * it), has the node countersign, sends the close from A's wallet and waits until the chain
   * shows the channel closed. Call it with no request in flight.
   *
   * @param nodeBaseUrl the node's base URL
   * @param nodeKey the node's verified signing key ({@code client.node().signingKey()})
   * @return the balances paid out
   */
  public ClosedChannel closeCooperatively(String nodeBaseUrl, SigningPublicKey nodeKey, OkHttpClient http,
      TonCenterClient ton, TonWallet walletA, Duration timeout) {
    ChannelStatus status = ChannelSettlement.status(http, nodeBaseUrl, statusRequest(), nodeKey);
    ChannelSettlement.OnChain onChain = settlement.readOpen(ton);
    TonAmount balanceA;
    TonAmount balanceB;
    long seqnoA;
    synchronized (this) {
      adopt(status);
      if (!inFlight.isEmpty()) {
        throw new IllegalStateException("requests are in flight on the channel; close it when they are done");
      }
      balanceA = TonAmount.ofNanoton(onChain.depositA).minus(books.charged());
      balanceB = TonAmount.ofNanoton(onChain.depositB).plus(books.charged());
      seqnoA = books.nextSeqnoAfter(onChain.committedA);
    }
    settlement.close(balanceA, balanceB, seqnoA, onChain.committedB + 1,
        request -> ChannelSettlement.post(http, nodeBaseUrl, HttpBinding.CHANNEL_CLOSE, request), ton, walletA);
    ChannelSettlement.await(() -> ChannelOpener.state(ton, channel) == 0, timeout, "the channel closed");
    return new ClosedChannel(record().charged(), balanceA, balanceB);
  }

  /**
   * Commits the newest state on chain with the node's countersignature (spec-v1 §13.5): older
   * states of this client can no longer close the channel. The channel stays open.
   */
  public void commitCooperatively(String nodeBaseUrl, OkHttpClient http, TonCenterClient ton, TonWallet walletA) {
    long seqnoA;
    synchronized (this) {
      seqnoA = books.record().lastSeqno();
    }
    settlement.commit(seqnoA, request -> ChannelSettlement.post(http, nodeBaseUrl, HttpBinding.CHANNEL_COMMIT, request),
        ton, walletA);
  }

  /**
   * Commits when a node asks ({@code commit_required}): through the request's way to the node,
   * from the wallet given to {@link Builder#settlement}, and returns once the chain shows it.
   */
  @Override
  public void commitRequired(PaymentRequest request) {
    if (settlementTon == null) {
      throw new PaymentRequiredException("commit_required", "the node asks for a cooperative commit of the channel; "
          + "give this provider settlement(ton, wallet) to make one", null);
    }
    // The node countersigns only the newest state it accepted (a later one, refused, would make
    // the state it holds unusable): its signed status says which.
    long seqnoA = request.nodeChannel().status(statusRequest()).lastSeqno();
    settlement.commitAndAwait(seqnoA, request.nodeChannel()::countersignCommit,
        settlementTon, settlementWallet, SETTLEMENT_TIMEOUT);
  }

  @Override
  public String toString() {
    return "ChannelPaymentProvider[" + channel.address() + ", " + record() + "]";
  }

  /** Builds a {@link ChannelPaymentProvider}; not thread-safe. */
  public static final class Builder {
    private PaymentChannelConfig channel;
    private TonSecretKey key;
    private TonAmount deposit;
    private ChannelStore store;
    private Clock clock = Clock.systemUTC();
    private Duration slotWait = Duration.ofSeconds(30);
    private TonAmount maxCredit = TonAmount.ofNanoton(Long.MAX_VALUE);
    private TonCenterClient settlementTon;
    private TonWallet settlementWallet;

    /**
     * Lets the provider settle on chain when a node asks ({@code commit_required}): commits are
     * sent from {@code walletA} through {@code ton}. Without it such a request fails with
     * {@code commit_required}.
     */
    public Builder settlement(TonCenterClient ton, TonWallet walletA) {
      this.settlementTon = Objects.requireNonNull(ton, "ton");
      this.settlementWallet = Objects.requireNonNull(walletA, "walletA");
      return this;
    }

    private Builder() {}

    /** The open channel (client = A). */
    public Builder channel(PaymentChannelConfig channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    /** A's channel key. */
    public Builder key(TonSecretKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** A's balance in the channel: no state ever signs more. */
    public Builder deposit(TonAmount deposit) {
      this.deposit = Objects.requireNonNull(deposit, "deposit");
      return this;
    }

    public Builder store(ChannelStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The most this client trusts a node with beyond what it charged and has in flight: the credit
     * window is the smaller of this and the node's signed maximum. Default: the node's; zero signs
     * a new state per request.
     */
    public Builder maxCredit(TonAmount maxCredit) {
      this.maxCredit = Objects.requireNonNull(maxCredit, "maxCredit");
      return this;
    }

    /** How long an attempt waits for one of the channel's k slots; default 30 s. */
    public Builder slotWait(Duration slotWait) {
      this.slotWait = Objects.requireNonNull(slotWait, "slotWait");
      return this;
    }

    /**
     * @throws IllegalArgumentException if a part is missing or the key is not the channel's key A
     * @throws IOException if the store cannot be read
     */
    public ChannelPaymentProvider build() throws IOException {
      if (channel == null || key == null || deposit == null || store == null) {
        throw new IllegalArgumentException("channel, key, deposit and store are required");
      }
      return new ChannelPaymentProvider(this);
    }
  }
}
