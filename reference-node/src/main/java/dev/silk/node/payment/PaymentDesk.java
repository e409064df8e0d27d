package dev.silk.node.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.internal.ByteReader;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.payment.ChannelPayment;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of {@code ton-channel} payment (spec-v1 §13): admits a request only if its
 * channel is open on chain with this node as B, its state is A's, fresh, within A's deposit and
 * covers what was charged plus every request in flight plus this one's maximum; otherwise it
 * says why (a signed error, or a signed quote). Charges actual usage, capped at the request's
 * maximum, and records the charge durably before the receipt leaves. Thread-safe.
 */
public final class PaymentDesk {
  private static final Logger LOG = LoggerFactory.getLogger("payment");
  /** How far below the highest accepted seqno a late, never-used state is still accepted. */
  static final long SEQNO_WINDOW = 64;
  static final Duration STATUS_SKEW = Duration.ofMinutes(5);
  private static final byte[] STATUS_CONTEXT = "silk/1 channel-status-request\0".getBytes(StandardCharsets.UTF_8);

  private final SigningPrivateKey nodeKey;
  private final byte[] keyB;
  private final int maxInFlight;
  private final ChainView chain;
  private final PaymentLedger ledger;
  private final Clock clock;
  private final long commitThreshold;
  private final Map<String, Book> books = new HashMap<>();

  public PaymentDesk(SigningPrivateKey nodeKey, byte[] paymentKeyB, int maxInFlight, ChainView chain,
      PaymentLedger ledger, Clock clock) {
    this(nodeKey, paymentKeyB, maxInFlight, chain, ledger, clock, 0);
  }

  /**
   * @param commitThreshold uncommitted charges per channel past which payments wait for a
   *     cooperative commit on chain (0: never)
   */
  public PaymentDesk(SigningPrivateKey nodeKey, byte[] paymentKeyB, int maxInFlight, ChainView chain,
      PaymentLedger ledger, Clock clock, long commitThreshold) {
    this.commitThreshold = commitThreshold;
    this.nodeKey = nodeKey;
    this.keyB = paymentKeyB.clone();
    this.maxInFlight = maxInFlight;
    this.chain = chain;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** One channel's live account: on-chain facts, the ledger's totals, requests in flight. */
  private static final class Book {
    final String key;
    final byte[] ref;
    final byte[] keyA;
    long deposit;
    long highestSeqno;
    long lastSent;
    long charged;
    long reserved;
    /** What an on-chain commit secures, as last read from the chain. */
    long committedCharged;
    int inFlight;
    boolean closing;
    boolean broken;
    final TreeSet<Long> accepted = new TreeSet<>();

    Book(String key, byte[] ref, byte[] keyA, long deposit, long highestSeqno, long lastSent, long charged) {
      this.key = key;
      this.ref = ref;
      this.keyA = keyA;
      this.deposit = deposit;
      this.highestSeqno = highestSeqno;
      this.lastSent = lastSent;
      this.charged = charged;
    }
  }

  /** A request's accepted payment, held until it is charged or released. */
  public static final class Reservation {
    final Book book;
    final ChannelPayment payment;
    final ModelInfo model;
    final RequestId requestId;
    private boolean done;

    Reservation(Book book, ChannelPayment payment, ModelInfo model, RequestId requestId) {
      this.book = book;
      this.payment = payment;
      this.model = model;
      this.requestId = requestId;
    }
  }

  /** The outcome of {@link #admit}: a reservation, or a signed error's code and reason, or a quote. */
  public static final class Decision {
    public final Reservation reservation;
    public final ErrorCode refusal;
    public final String reason;
    public final PaymentQuote quote;

    private Decision(Reservation reservation, ErrorCode refusal, String reason, PaymentQuote quote) {
      this.reservation = reservation;
      this.refusal = refusal;
      this.reason = reason;
      this.quote = quote;
    }

    static Decision refuse(ErrorCode code, String reason) {
      return new Decision(null, code, reason, null);
    }
  }

  /** Admits (or refuses) a decrypted request's payment (spec-v1 §13.3). */
  public Decision admit(RequestId requestId, byte[] paymentBytes, ModelInfo model, int bodyBytes, Long maxTokens) {
    long bound = Pricing.maxCost(model, bodyBytes, maxTokens);
    ChannelPayment payment;
    try {
      payment = ChannelPayment.parse(paymentBytes);
    } catch (SilkCryptoException e) {
      if (paymentBytes.length == 0) {
        return quote(requestId, new byte[0], 0, 0, 0, bound);
      }
      return Decision.refuse(e.code(), "payment state: " + e.getMessage());
    }
    Book book;
    try {
      book = book(payment);
    } catch (SQLException e) {
      LOG.error("ledger unavailable: {}", e.getSQLState());
      return Decision.refuse(ErrorCode.INTERNAL, "payment ledger unavailable");
    } catch (RuntimeException e) {
      LOG.warn("chain lookup failed for channel {}: {}", payment.channel(),
          e instanceof dev.silk.core.errors.SilkException ? ((dev.silk.core.errors.SilkException) e).code()
              : e.getClass().getSimpleName());
      return Decision.refuse(ErrorCode.INTERNAL, "cannot read the channel from the chain");
    }
    if (book == null) {
      return quote(requestId, new byte[0], 0, 0, 0, bound);
    }
    if (!payment.signedBy(book.keyA)) {
      return Decision.refuse(ErrorCode.BAD_SIGNATURE, "payment state not signed by the channel's key A");
    }
    synchronized (book) {
      long seqno = payment.state().seqno(dev.silk.ton.channel.Side.A);
      long sent = payment.state().sent(dev.silk.ton.channel.Side.A).nanoton();
      long maxCost = payment.maxCost().nanoton();
      if (book.broken) {
        return Decision.refuse(ErrorCode.INTERNAL, "the payment ledger failed for this channel");
      }
      if (book.closing) {
        return Decision.refuse(ErrorCode.PAYMENT_REQUIRED, "the channel is being closed");
      }
      if (book.accepted.contains(seqno) || seqno + SEQNO_WINDOW <= book.highestSeqno || seqno == 0) {
        return Decision.refuse(ErrorCode.REPLAY, "payment seqno already used or too old");
      }
      if (sent > book.deposit) {
        refreshDeposit(book, payment);
      }
      if (book.inFlight >= maxInFlight) {
        return Decision.refuse(ErrorCode.OVERLOADED, "more than " + maxInFlight + " requests in flight on the channel");
      }
      if (commitDue(book, payment)) {
        return Decision.refuse(ErrorCode.COMMIT_REQUIRED, "uncommitted charges of " + (book.charged
            - book.committedCharged) + " nanoTON reached the node's threshold of " + commitThreshold
            + ": commit the channel cooperatively (spec-v1 §13.5)");
      }
      if (sent > book.deposit || maxCost < bound || sent < book.charged + book.reserved + maxCost) {
        return quote(requestId, book.ref, book.highestSeqno, book.charged, book.reserved, bound);
      }
      book.accepted.add(seqno);
      while (book.accepted.size() > SEQNO_WINDOW * 2) {
        book.accepted.pollFirst();
      }
      if (seqno >= book.highestSeqno) {
        book.lastSent = sent;
      }
      book.highestSeqno = Math.max(book.highestSeqno, seqno);
      book.reserved += maxCost;
      book.inFlight++;
      return new Decision(new Reservation(book, payment, model, requestId), null, null, null);
    }
  }

  /**
   * Whether the channel's charges not secured by an on-chain commit reached the threshold. The
   * chain is read only when the books say so, and then tells what its committed seqno secures.
   */
  private boolean commitDue(Book book, ChannelPayment payment) {
    if (commitThreshold == 0 || book.charged - book.committedCharged < commitThreshold) {
      return false;
    }
    try {
      Optional<OnChainChannel> onChain = chain.channel(payment.channel());
      if (onChain.isPresent() && onChain.get().committedSeqnoA > 0) {
        book.committedCharged = ledger.chargedThrough(book.key, onChain.get().committedSeqnoA);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("cannot read the channel's commit: {}", e.getClass().getSimpleName());
    }
    return book.charged - book.committedCharged >= commitThreshold;
  }

  private void refreshDeposit(Book book, ChannelPayment payment) {
    try {
      chain.channel(payment.channel()).ifPresent(c -> book.deposit = c.balanceA);
    } catch (RuntimeException e) {
      LOG.warn("chain refresh failed: {}", e.getClass().getSimpleName());
    }
  }

  private Decision quote(RequestId requestId, byte[] ref, long lastSeqno, long charged, long reserved, long bound) {
    return new Decision(null, ErrorCode.PAYMENT_REQUIRED, "payment missing or short",
        PaymentQuote.sign(nodeKey, requestId, ref, lastSeqno, charged, reserved, bound, clock.instant()));
  }

  /** The channel's book: from memory, else from the chain and the ledger; null if not open with this node. */
  private synchronized Book book(ChannelPayment payment) throws SQLException {
    String key = payment.channel().toRaw();
    Book book = books.get(key);
    if (book != null) {
      return book;
    }
    Optional<OnChainChannel> onChain = chain.channel(payment.channel());
    if (!onChain.isPresent() || !onChain.get().open() || !Arrays.equals(onChain.get().keyB, keyB)
        || !onChain.get().channelId.equals(payment.channelId())) {
      return null;
    }
    Optional<PaymentLedger.Account> account = ledger.account(key);
    book = new Book(key, ChannelPayment.channelReference(payment.channel()), onChain.get().keyA,
        onChain.get().balanceA, account.map(a -> a.lastSeqno).orElse(0L), account.map(a -> a.lastSent).orElse(0L),
        account.map(a -> a.charged).orElse(0L));
    books.put(key, book);
    LOG.info("channel {} open: deposit A {} nanoTON, charged so far {}", key, book.deposit, book.charged);
    return book;
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
   * @throws SQLException if the ledger cannot record it: the answer must not be sent, and the
   *     channel takes no more payments until the node restarts
   */
  public void settle(Reservation r, long promptTokens, long completionTokens, Receipt.Builder terms,
      ReceiptSigner signer) throws SQLException {
    synchronized (r.book) {
      if (r.done) {
        throw new IllegalStateException("reservation already settled");
      }
      long cost = Pricing.charge(r.model, promptTokens, completionTokens, r.payment.maxCost().nanoton());
      long cumulative = r.book.charged + cost;
      long seqno = r.payment.state().seqno(dev.silk.ton.channel.Side.A);
      byte[] receipt = signer == null ? null
          : signer.sign(terms.costNanoton(cost).payment(r.book.ref, seqno, cumulative));
      try {
        ledger.charge(r.requestId.toBytes(), r.book.key, seqno,
            r.payment.state().sent(dev.silk.ton.channel.Side.A).nanoton(), r.payment.signatureA(), cost, cumulative,
            receipt, clock.millis());
      } catch (SQLException e) {
        r.book.broken = true;
        finish(r);
        throw e;
      }
      r.book.charged = cumulative;
      finish(r);
    }
  }

  /** Releases a reservation that will not be charged (a refusal or failure after admission). */
  public void release(Reservation r) {
    synchronized (r.book) {
      if (!r.done) {
        finish(r);
      }
    }
  }

  private static void finish(Reservation r) {
    r.done = true;
    r.book.reserved -= r.payment.maxCost().nanoton();
    r.book.inFlight--;
  }

  /**
   * Answers a signed channel-status request (spec-v1 §13.4).
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#STALE_REQUEST} or
   *     {@link ErrorCode#BAD_SIGNATURE} (also for an unknown channel, to reveal nothing)
   */
  public ChannelStatus status(byte[] request) throws SilkCryptoException, SQLException {
    ByteReader in = new ByteReader(request, "channel status request");
    byte[] ref = in.fixed(33, "channel");
    long timestamp = in.u64("timestamp");
    byte[] signature = in.fixed(64, "signature");
    in.expectEnd();
    if (Math.abs(clock.millis() - timestamp) > STATUS_SKEW.toMillis()) {
      throw new SilkCryptoException(ErrorCode.STALE_REQUEST, "status request timestamp outside 5 minutes");
    }
    TonAddress address;
    try {
      address = TonAddress.of(ref[0], Arrays.copyOfRange(ref, 1, 33));
    } catch (IllegalArgumentException e) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "channel address");
    }
    Book book;
    synchronized (this) {
      book = books.get(address.toRaw());
    }
    byte[] keyA = book != null ? book.keyA : chain.channel(address).map(c -> c.keyA).orElse(null);
    byte[] signed = new byte[STATUS_CONTEXT.length + 41];
    System.arraycopy(STATUS_CONTEXT, 0, signed, 0, STATUS_CONTEXT.length);
    System.arraycopy(request, 0, signed, STATUS_CONTEXT.length, 41);
    if (keyA == null || !TonSecretKey.verify(keyA, signed, signature)) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, "status request not signed by the channel's key A");
    }
    if (book != null) {
      synchronized (book) {
        return ChannelStatus.sign(nodeKey, ref, book.highestSeqno, book.lastSent, book.charged, book.reserved,
            clock.instant());
      }
    }
    Optional<PaymentLedger.Account> account = ledger.account(address.toRaw());
    return ChannelStatus.sign(nodeKey, ref, account.map(a -> a.lastSeqno).orElse(0L),
        account.map(a -> a.lastSent).orElse(0L), account.map(a -> a.charged).orElse(0L), 0, clock.instant());
  }

  /** Why the node will not countersign a close. */
  public static final class CloseRefused extends Exception {
    private static final long serialVersionUID = 1L;
    public final int status;

    CloseRefused(int status, String reason) {
      super(reason);
      this.status = status;
    }
  }

  /**
   * Countersigns a cooperative close (spec-v1 §13.5) whose balances match the deposits and the
   * charged total exactly, with nothing in flight; then refuses further payments on the channel.
   *
   * @return the node's 64-byte signature under key B
   */
  public byte[] close(byte[] request, TonSecretKey keyBSecret) throws CloseRefused, SQLException {
    if (request == null || request.length != 33 + 8 * 4 + 64) {
      throw new CloseRefused(400, "malformed close request");
    }
    ByteReader in = new ByteReader(request, "close request");
    byte[] ref;
    long balanceA;
    long balanceB;
    long seqnoA;
    long seqnoB;
    byte[] signatureA;
    try {
      ref = in.fixed(33, "channel");
      balanceA = in.u64("balance a");
      balanceB = in.u64("balance b");
      seqnoA = in.u64("seqno a");
      seqnoB = in.u64("seqno b");
      signatureA = in.fixed(64, "signature");
    } catch (SilkCryptoException e) {
      throw new CloseRefused(400, "malformed close request");
    }
    TonAddress address = address(ref);
    OnChainChannel c = openWithThisNode(address);
    Book book;
    synchronized (this) {
      book = books.get(address.toRaw());
    }
    long charged = book != null ? book.charged : ledger.account(address.toRaw()).map(a -> a.charged).orElse(0L);
    byte[] hash = dev.silk.ton.channel.ChannelSigner.cooperativeCloseHash(c.channelId, TonAmount.ofNanoton(balanceA),
        TonAmount.ofNanoton(balanceB), seqnoA, seqnoB);
    if (!TonSecretKey.verify(c.keyA, hash, signatureA)) {
      throw new CloseRefused(401, "close not signed by the channel's key A");
    }
    if (book != null) {
      synchronized (book) {
        if (book.inFlight > 0) {
          throw new CloseRefused(409, "requests are in flight on the channel");
        }
        book.closing = true;
      }
    }
    if (balanceA != c.balanceA - charged || balanceB != c.balanceB + charged) {
      if (book != null) {
        synchronized (book) {
          book.closing = false;
        }
      }
      throw new CloseRefused(409, "balances must be the deposits moved by the charged total (" + charged + ")");
    }
    LOG.info("channel {}: countersigned a cooperative close, charged {} nanoTON", address.toRaw(), charged);
    return keyBSecret.sign(hash);
  }

  /**
   * Countersigns a cooperative commit (spec-v1 §13.5) of the client's seqno and a new node seqno:
   * on chain it makes every older state of the client unusable in a close. The client's seqno
   * must be one the node accepted, so that the commit never skips a state the node holds.
   *
   * @return the node's 64-byte signature under key B
   */
  public byte[] commit(byte[] request, TonSecretKey keyBSecret) throws CloseRefused {
    if (request == null || request.length != 33 + 16 + 64) {
      throw new CloseRefused(400, "malformed commit request");
    }
    byte[] ref = Arrays.copyOfRange(request, 0, 33);
    long seqnoA = java.nio.ByteBuffer.wrap(request, 33, 8).getLong();
    long seqnoB = java.nio.ByteBuffer.wrap(request, 41, 8).getLong();
    byte[] signatureA = Arrays.copyOfRange(request, 49, 113);
    TonAddress address = address(ref);
    OnChainChannel c = openWithThisNode(address);
    byte[] hash = dev.silk.ton.channel.ChannelSigner.cooperativeCommitHash(c.channelId, seqnoA, seqnoB);
    if (!TonSecretKey.verify(c.keyA, hash, signatureA)) {
      throw new CloseRefused(401, "commit not signed by the channel's key A");
    }
    Book book;
    synchronized (this) {
      book = books.get(address.toRaw());
    }
    if (book == null) {
      throw new CloseRefused(409, "no payment on this channel yet");
    }
    synchronized (book) {
      if (seqnoA != book.highestSeqno) {
        throw new CloseRefused(409, "commit the newest accepted seqno (" + book.highestSeqno + ")");
      }
    }
    LOG.info("channel {}: countersigned a cooperative commit of seqnos {}/{}", address.toRaw(), seqnoA, seqnoB);
    return keyBSecret.sign(hash);
  }

  private static TonAddress address(byte[] ref) throws CloseRefused {
    try {
      return TonAddress.of(ref[0], Arrays.copyOfRange(ref, 1, 33));
    } catch (IllegalArgumentException e) {
      throw new CloseRefused(400, "channel address");
    }
  }

  /** The channel's on-chain data, if it is open with this node as B. */
  private OnChainChannel openWithThisNode(TonAddress address) throws CloseRefused {
    Optional<OnChainChannel> onChain = chain.channel(address);
    if (!onChain.isPresent() || !onChain.get().open() || !Arrays.equals(onChain.get().keyB, keyB)) {
      throw new CloseRefused(409, "no open channel with this node at that address");
    }
    return onChain.get();
  }

  /** What the node has charged on a channel so far, for logs and tests. */
  public TonAmount charged(TonAddress channel) throws SQLException {
    return TonAmount.ofNanoton(ledger.account(channel.toRaw()).map(a -> a.charged).orElse(0L));
  }
}
