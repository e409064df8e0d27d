package dev.silk.ton.payment;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.ton.TonAddress;
import java.util.Arrays;
import java.util.Collection;

/**
 * What a node may claim on a channel, checked against what the client signed (spec-v1 §13.2–§13.4):
 * a receipt's charge, a quote's amounts, a status's totals. A signed claim the client never
 * agreed to is refused; nothing here changes the client's books.
 */
final class NodeClaims {
  private NodeClaims() {}

  /**
   * What is wrong with a receipt's payment fields, or null.
   *
   * @param lastSent the highest amount the client signed
   * @param settledReach what the node may have charged before the attempts in flight: the known
   *     total plus the maxima of attempts lost since the last resync
   * @param inFlight every attempt in flight, this one included
   */
  static String receipt(Receipt r, InFlightPayment attempt, byte[] channelRef, TonAmount lastSent,
      TonAmount settledReach, Collection<InFlightPayment> inFlight) {
    if (!Arrays.equals(r.channel(), channelRef) || r.paymentSeqno() != attempt.seqno) {
      return "names another channel or payment state than the request carried";
    }
    long expected;
    try {
      expected = Pricing.charge(attempt.model, r.promptTokens(), r.completionTokens(), attempt.maxCost.nanoton());
    } catch (ArithmeticException e) {
      return "states token counts whose price overflows";
    }
    if (r.costNanoton() != expected) {
      return "charges " + r.costNanoton() + " nanoTON where the signed prices give " + expected + " for its tokens";
    }
    if (r.cumulativeChargedNanoton() > lastSent.nanoton()) {
      return "claims " + r.cumulativeChargedNanoton() + " nanoTON charged, more than this client signed ("
          + lastSent.nanoton() + ")";
    }
    // The node's total can have grown by at most the maxima in flight (this one included).
    long reach = settledReach.nanoton();
    for (InFlightPayment f : inFlight) {
      reach = Math.addExact(reach, f.maxCost.nanoton());
    }
    if (r.cumulativeChargedNanoton() > reach) {
      return "moves the charged total to " + r.cumulativeChargedNanoton() + " nanoTON, past the " + reach
          + " that the requests in flight could reach";
    }
    return null;
  }

  /** Refuses a quote for another channel, above the request's signed price bound, or above what was signed. */
  static void checkQuote(PaymentQuote quote, TonAddress channel, byte[] channelRef, TonAmount maxCost,
      TonAmount lastSent) {
    if (quote.channel().length == 0) {
      throw new PaymentRequiredException("channel_unknown", "the node does not know this client's channel "
          + channel + " (not open on chain yet?)", null, quote);
    }
    if (!Arrays.equals(quote.channel(), channelRef)) {
      throw new PaymentRequiredException("channel_mismatch", "the node quoted another channel", null, quote);
    }
    if (quote.maxCostNanoton() > maxCost.nanoton()) {
      throw new PaymentRequiredException("quote_above_prices", "the node asks up to " + quote.maxCostNanoton()
          + " nanoTON for a request its signed prices bound at " + maxCost.nanoton(), null, quote);
    }
    if (quote.chargedNanoton() > lastSent.nanoton()) {
      throw new PaymentRequiredException("quote_above_signed", "the node claims " + quote.chargedNanoton()
          + " nanoTON charged, more than this client ever signed (" + lastSent.nanoton() + ")", null, quote);
    }
  }

  /** Refuses a status for another channel or claiming more than the client ever signed. */
  static void checkStatus(ChannelStatus status, byte[] channelRef, TonAmount lastSent) {
    if (!Arrays.equals(status.channel(), channelRef)) {
      throw new PaymentRequiredException("channel_mismatch", "the node's status names another channel", null);
    }
    if (status.chargedNanoton() > lastSent.nanoton() || status.lastSentNanoton() > lastSent.nanoton()) {
      throw new PaymentRequiredException("status_above_signed", "the node's status claims more than this client "
          + "ever signed", null);
    }
  }
}
