package dev.silk.core.payment;

import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;

/**
 * Pays for requests to nodes whose signed descriptor asks for payment (SPI). {@code SilkClient}
 * calls it around every attempt: {@link #authorize} before sealing, then exactly one of
 * {@link #settled} (a verified receipt), {@link #quoted} (a verified 402 quote; the client
 * retries with a new authorization if its retry budget allows) or {@link #released} (no
 * receipt). sdk-ton implements it over a TON payment channel; a backend can also hand signed
 * states to an app that must not bundle sdk-ton. Implementations are thread-safe.
 *
 * <pre>{@code
 * SilkClient client = SilkClient.builder().baseUrl(url).paymentProvider(provider).budget(budget).build();
 * }</pre>
 */
public interface PaymentProvider {
  /**
   * Authorizes one attempt: the payment state to seal into it, covering at most
   * {@link PaymentRequest#maxCost()}.
   *
   * @throws dev.silk.core.errors.BudgetExceededException if a cap forbids it
   * @throws dev.silk.core.errors.PaymentRequiredException if it cannot pay this node (no channel,
   *     channel exhausted, unsupported scheme)
   */
  PaymentAuthorization authorize(PaymentRequest request);

  /** The attempt was answered; {@code receipt} is verified and states the charge. */
  void settled(PaymentAuthorization authorization, SignedReceipt receipt);

  /**
   * The node refused the attempt with {@code quote} (verified, bound to it). Update so that the
   * next {@link #authorize} covers the quote, or throw to give up.
   *
   * @throws dev.silk.core.errors.BudgetExceededException if covering the quote would pass a cap
   * @throws dev.silk.core.errors.PaymentRequiredException if the quote is not acceptable
   */
  void quoted(PaymentAuthorization authorization, PaymentQuote quote);

  /**
   * The attempt ended without a receipt or quote. If {@code mayHaveReachedNode}, the node may
   * have charged it (a lost answer, a cancelled stream): resync before relying on the charge.
   */
  void released(PaymentAuthorization authorization, boolean mayHaveReachedNode);

  /**
   * The node refused {@code request}'s attempt with {@code commit_required}: its charges not yet
   * secured on chain reached its threshold. Commit the channel cooperatively (spec-v1 §13.5), on
   * chain, and return; the client then retries. Default: this provider cannot commit.
   *
   * @throws dev.silk.core.errors.PaymentRequiredException if it cannot or will not commit
   */
  default void commitRequired(PaymentRequest request) {
    throw new dev.silk.core.errors.PaymentRequiredException("commit_required", "the node asks for a cooperative "
        + "commit of the channel, which this payment provider cannot make", null);
  }

  /**
   * Whether this provider can pay a node with {@code terms} at all (a discovery client never
   * chooses a paid node it cannot pay). Default: true.
   */
  default boolean canPay(PaymentTerms terms) {
    return true;
  }

  /**
   * Whether paying a node with {@code terms} needs nothing new, such as opening a channel (a
   * discovery client prefers such nodes). Default: true.
   */
  default boolean paysWithoutOpening(PaymentTerms terms) {
    return true;
  }
}
