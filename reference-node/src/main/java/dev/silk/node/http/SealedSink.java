package dev.silk.node.http;

import dev.silk.node.payment.Reservation;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.FaultSwitch;
import dev.silk.node.InjectedFault;
import dev.silk.node.model.Answer;
import dev.silk.node.payment.PaymentDesk;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Seals every chunk; the final one carries the signed receipt or signed error. With a payment
 * reservation, the receipt states the charge, which is committed to the ledger before the
 * final chunk is handed out; a failure releases the reservation uncharged. One per request.
 */
final class SealedSink implements AnswerSink {
  static final String CHUNK_TYPE = HttpBinding.CHUNK_TYPE;

  private final ResponseWriter writer;
  private final RequestId requestId;
  private final PaymentDesk payments;
  private final Reservation reservation;
  private final SigningPrivateKey signingKey;
  private final Clock clock;
  private final FaultSwitch faults;
  private final Duration requestTimeout;

  /**
   * @param payments the desk that holds {@code reservation}, or null with it
   * @param reservation what the request may be charged, or null for a free answer
   */
  SealedSink(ResponseWriter writer, RequestId requestId, PaymentDesk payments, Reservation reservation,
      SigningPrivateKey signingKey, Clock clock, FaultSwitch faults, Duration requestTimeout) {
    this.writer = writer;
    this.requestId = requestId;
    this.payments = payments;
    this.reservation = reservation;
    this.signingKey = signingKey;
    this.clock = clock;
    this.faults = faults;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public String contentType() {
    return CHUNK_TYPE;
  }

  @Override
  public byte[] chunk(byte[] data) {
    return writer.chunk(data);
  }

  @Override
  public byte[] finish(byte[] data, Answer answer) {
    return faults.fault() == InjectedFault.BAD_RECEIPT ? corrupted(finishChunk(data, answer))
        : finishChunk(data, answer);
  }

  /** The fault {@code BAD_RECEIPT}: the receipt's chunk leaves with its last byte (in the AEAD tag) flipped. */
  private static byte[] corrupted(byte[] sealedChunk) {
    byte[] bad = sealedChunk.clone();
    bad[bad.length - 1] ^= 0x01;
    return bad;
  }

  private byte[] finishChunk(byte[] data, Answer answer) {
    if (reservation == null) {
      // Free mode: nothing is charged.
      return writer.finish(data, Receipt.builder().usage(answer.promptTokens, answer.completionTokens)
          .costNanoton(0).issuedAt(clock.instant()));
    }
    byte[][] last = new byte[1][];
    try {
      payments.settle(reservation, answer.promptTokens, answer.completionTokens, Receipt.builder()
          .usage(answer.promptTokens, answer.completionTokens).issuedAt(clock.instant()), terms -> {
            last[0] = writer.finish(data, terms);
            return writer.receipt().toBytes();
          }, faults.fault() == InjectedFault.OVERCHARGE);
    } catch (SQLException e) {
      // Not recorded, so not sent: the client gets a signed error instead, and is charged nothing
      // unless the ledger lost its connection during the commit (then it may be).
      throw new LedgerUnavailable(dev.silk.node.store.PostgresStore.OUTCOME_UNKNOWN.equals(e.getSQLState()));
    }
    return last[0];
  }

  @Override
  public byte[] fail(ErrorCode code, String reason) {
    if (reservation != null) {
      payments.release(reservation);
    }
    NodeError error = NodeError.sign(signingKey, code, requestId, Duration.ZERO, reason, clock.instant());
    // A final chunk made for a charge the ledger could not record was never sent: it is replaced.
    return writer.receipt() != null ? writer.retract(error) : writer.fail(error);
  }

  @Override
  public void abandoned(Future<Answer> generation) {
    if (reservation == null) {
      return;
    }
    // The client left mid-stream: charge what was generated for it, without a receipt.
    try {
      Answer answer = generation.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      payments.settle(reservation, answer.promptTokens, answer.completionTokens, Receipt.builder(), null);
    } catch (Exception e) {
      payments.release(reservation);
    }
  }

  /** The ledger could not record a charge: its answer must not leave. */
  static final class LedgerUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Whether the charge may have been recorded all the same (its commit's outcome is unknown). */
    final boolean mayBeCharged;

    LedgerUnavailable(boolean mayBeCharged) {
      super("payment ledger unavailable", null, false, false);
      this.mayBeCharged = mayBeCharged;
    }

    /** The signed error's code: one the client counts as possibly charged, or a retriable refusal. */
    ErrorCode code() {
      return mayBeCharged ? ErrorCode.INTERNAL : ErrorCode.OVERLOADED;
    }

    String reason() {
      return mayBeCharged ? "charge outcome unknown: the ledger failed during its commit"
          : "payment ledger unavailable";
    }
  }
}
