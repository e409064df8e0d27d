package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.envelope.ResponseReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payment states an attacker would send (issue 14, findings 1–3): none of them gets an answer
 * the node cannot collect on chain. After every attack the ledger's charged total stays within the
 * amount of the newest state the node holds a signature for, which is what a close can claim.
 */
class PaymentAttackTest {
  private PaidNode paid;

  @BeforeEach
  void start() throws Exception {
    paid = PaidNode.start(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    paid.close();
  }

  @Test
  void aMaxCostThatWouldWrapTheSumServesNothing() throws Exception {
    long max = paid.maxCost();
    int[] status = new int[1];
    ResponseReader honest = paid.raw(paid.payment(1, max, max), status);
    assertThat(status[0]).isEqualTo(200);
    long charged = honest.receipt().receipt().cumulativeChargedNanoton();

    // sent_a stays at the newest signed amount; max_cost is chosen so that a long sum wraps.
    long[] greedy = {Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE - charged + 1, 1L << 62, (1L << 62) + max};
    int served = 0;
    for (int i = 0; i < 20; i++) {
      ResponseReader r = paid.raw(paid.payment(2 + i, max, greedy[i % greedy.length]), status);
      if (PaidNode.served(r)) {
        served++;
      } else {
        assertThat(status[0]).as("refused with a signed quote").isEqualTo(402);
        assertThat(r.paymentQuote().maxCostNanoton()).isEqualTo(max);
      }
    }
    assertThat(served).as("requests served on a frozen sent_a").isZero();
    assertThat(paid.ledgerCharged()).isEqualTo(charged).isLessThanOrEqualTo(max);
  }

  @Test
  void olderSeqnosCarryingMoreMoneyAreNotCredited() throws Exception {
    long max = paid.maxCost();
    int[] status = new int[1];
    long charged = paid.raw(paid.payment(1, max, max), status).receipt().receipt().cumulativeChargedNanoton();
    long newest = charged + max;
    ResponseReader atTen = paid.raw(paid.payment(10, newest, max), status);
    assertThat(PaidNode.served(atTen)).isTrue();

    // The contract settles on the highest seqno: seqnos 9..3 with more money are worth nothing on chain.
    int served = 0;
    for (int seqno = 9; seqno >= 3; seqno--) {
      ResponseReader r = paid.raw(paid.payment(seqno, newest + (10 - seqno) * max, max), status);
      if (PaidNode.served(r)) {
        served++;
      }
    }
    assertThat(served).isZero();
    assertThat(paid.ledgerCharged()).as("charged <= sent_a of the newest state").isLessThanOrEqualTo(newest);
  }

  @Test
  void aSeqnoIsNeverAcceptedWithAnotherAmountEvenAcrossARestart() throws Exception {
    long max = paid.maxCost();
    int[] status = new int[1];
    byte[] state = paid.payment(1, 3 * max, max);
    long charged = paid.raw(state, status).receipt().receipt().cumulativeChargedNanoton();
    // The same signed state again is its credit window: it pays while it covers.
    charged = paid.raw(state, status).receipt().receipt().cumulativeChargedNanoton();

    ResponseReader more = paid.raw(paid.payment(1, 4 * max, max), status);
    assertThat(more.nodeError().code()).as("seqno 1 signed again with more money").isEqualTo(ErrorCode.REPLAY);

    paid.local.restart();
    ResponseReader afterRestart = paid.raw(paid.payment(1, 4 * max, max), status);
    assertThat(PaidNode.served(afterRestart)).as("another state under a used seqno after a restart").isFalse();
    assertThat(afterRestart.nodeError().code()).isEqualTo(ErrorCode.REPLAY);
    assertThat(paid.ledgerCharged()).isEqualTo(charged);

    // The window survives the restart: the accepted state still pays, the next seqno too.
    assertThat(PaidNode.served(paid.raw(state, status))).isTrue();
    ResponseReader next = paid.raw(paid.payment(2, 4 * max, max), status);
    assertThat(PaidNode.served(next)).isTrue();
    assertThat(paid.ledgerCharged()).isEqualTo(next.receipt().receipt().cumulativeChargedNanoton());
  }
}
