package dev.silk.core.internal.sealed;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.core.internal.node.WireMark;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one attempt needs: its node, the freshly sealed request, and its payment, whose
 * provider (and the node's health record) hears exactly once how the attempt ended.
 */
final class SealedAttempt {
  final NodeTarget target;
  final VerifiedNode node;
  final SealedRequest sealed;
  /** Set once any byte of this attempt may have reached the node. */
  final WireMark wire = new WireMark();
  /** The nodes this request has tried, this one included. */
  final Set<NodeTarget> tried;
  private final PaymentProvider payments;
  final PaymentAuthorization payment;
  /** The caller's additional HTTP headers. */
  final java.util.Map<String, String> headers;
  /** What the payment was authorized for (null for a free node). */
  PaymentRequest paymentRequest;
  private final long startedNanos = System.nanoTime();
  private final AtomicBoolean accounted = new AtomicBoolean();
  /** The attempt failed after it may have reached the node: its payment may have been charged. */
  volatile boolean atRisk;
  /** The node asked for a higher payment: the next attempt goes to it again. */
  volatile boolean sameNodeAgain;

  SealedAttempt(NodeTarget target, VerifiedNode node, SealedRequest sealed, Set<NodeTarget> tried,
      PaymentProvider payments, PaymentAuthorization payment, java.util.Map<String, String> headers) {
    this.target = target;
    this.headers = headers;
    this.node = node;
    this.sealed = sealed;
    this.tried = tried;
    this.payments = payments;
    this.payment = payment;
    target.started();
  }

  ResponseReader reader() {
    return sealed.responseReader(node.descriptor.signingKey());
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * The answer's verified receipt: the provider learns the charge. A provider that finds the
   * charge not covered by what it signed throws {@link VerificationException}: the node is
   * distrusted and the answer discarded.
   */
  void settled(SignedReceipt receipt) {
    if (accounted.compareAndSet(false, true)) {
      if (payment != null) {
        try {
          payments.settled(payment, receipt);
        } catch (VerificationException e) {
          target.ended(NodeTarget.Outcome.DISTRUSTED, elapsed(), Duration.ZERO);
          throw e;
        }
      }
      target.ended(NodeTarget.Outcome.ANSWERED, elapsed(), Duration.ZERO);
    }
  }

  /** The answer, receipt or quote failed verification: the node is not to be trusted again. */
  void distrusted() {
    if (accounted.compareAndSet(false, true)) {
      target.ended(NodeTarget.Outcome.DISTRUSTED, elapsed(), Duration.ZERO);
      if (payment != null) {
        payments.released(payment, true);
      }
    }
  }

  /** A verified quote: the provider updates (or gives up by throwing); the caller retries. */
  SilkException quoted(PaymentQuote quote) {
    if (payment == null) {
      released(NodeTarget.Outcome.REFUSED, Duration.ZERO);
      return new PaymentRequiredException("payment_required", "the node asks for payment, but its descriptor "
          + "says it is free: refusing to pay", null, quote);
    }
    if (accounted.compareAndSet(false, true)) {
      target.ended(NodeTarget.Outcome.ANSWERED, elapsed(), Duration.ZERO);
      sameNodeAgain = true;
      payments.quoted(payment, quote);
    }
    return new PaymentRequiredException("payment_required", "the node asked for a higher payment state",
        null, quote);
  }

  /**
   * No receipt and no quote: the provider releases the attempt's reservation.
   *
   * @param outcome {@link NodeTarget.Outcome#NOT_REACHED}, {@code REFUSED}, {@code BROKEN} or
   *     {@code STOPPED} (the last two may have been charged)
   */
  void released(NodeTarget.Outcome outcome, Duration retryAfter) {
    if (accounted.compareAndSet(false, true)) {
      atRisk = outcome == NodeTarget.Outcome.BROKEN || outcome == NodeTarget.Outcome.STOPPED;
      target.ended(outcome, elapsed(), retryAfter);
      if (payment != null) {
        payments.released(payment, atRisk);
      }
    }
  }
}
