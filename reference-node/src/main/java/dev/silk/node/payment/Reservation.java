package dev.silk.node.payment;

import dev.silk.crypto.RequestId;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.ton.payment.ChannelPayment;

/**
 * A request's admitted payment, held until the {@link PaymentDesk} charges or releases it, once.
 * Thread-safe.
 */
public final class Reservation {
  final ChannelAccount account;
  final ChannelPayment payment;
  final ModelInfo model;
  final RequestId requestId;
  private boolean ended;

  Reservation(ChannelAccount account, ChannelPayment payment, ModelInfo model, RequestId requestId) {
    this.account = account;
    this.payment = payment;
    this.model = model;
    this.requestId = requestId;
  }

  /** Ends the reservation: true the first time only. */
  synchronized boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }
}
