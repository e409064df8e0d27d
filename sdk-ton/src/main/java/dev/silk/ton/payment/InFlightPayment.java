package dev.silk.ton.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.ModelInfo;

/** One paid attempt in flight: its maximum, the seqno of the state it carried, and the prices it was bound by. */
final class InFlightPayment {
  final TonAmount maxCost;
  final long seqno;
  final ModelInfo model;

  InFlightPayment(TonAmount maxCost, long seqno, ModelInfo model) {
    this.maxCost = maxCost;
    this.seqno = seqno;
    this.model = model;
  }
}
