package dev.silk.core.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.errors.BudgetExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetTest {
  private static TonAmount nano(long n) {
    return TonAmount.ofNanoton(n);
  }

  @Test
  void reservesMaximaAndSettlesActualCosts() {
    Budget budget = Budget.of(SpendingCaps.builder().maxPerRequest(nano(100)).maxTotalSpend(nano(250)).build());
    Budget.Reservation first = budget.reserve(nano(100));
    Budget.Reservation second = budget.reserve(nano(100));
    assertThat(budget.reserved()).isEqualTo(nano(200));
    assertThatThrownBy(() -> budget.reserve(nano(100))).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("total cap");
    first.settle(nano(30));
    second.close();
    second.settle(nano(99));
    assertThat(budget.spent()).isEqualTo(nano(30));
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
    budget.reserve(nano(100)).settle(nano(100));
    budget.reserve(nano(100)).settle(nano(100));
    assertThat(budget.spent()).isEqualTo(nano(230));
    assertThatThrownBy(() -> budget.reserve(nano(21))).isInstanceOf(BudgetExceededException.class);
    budget.reserve(nano(20)).close();
  }

  @Test
  void thePerRequestCapIsCheckedBeforeAnything() {
    Budget budget = Budget.of(SpendingCaps.builder().maxPerRequest(nano(10)).build());
    assertThatThrownBy(() -> budget.reserve(nano(11))).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("per-request cap");
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void unpricedRequestsAreAdmittedUntilTheCapIsReachedAndTheirCostIsStillCounted() {
    Budget budget = Budget.of(SpendingCaps.builder().maxTotalSpend(nano(100)).build());
    budget.reserveUnpriced().settle(nano(60));
    budget.reserveUnpriced().settle(nano(60));
    assertThat(budget.spent()).isEqualTo(nano(120));
    assertThatThrownBy(budget::reserveUnpriced).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("is reached");
  }

  @Test
  void concurrentReservationsNeverPassTheCap() throws Exception {
    Budget budget = Budget.of(SpendingCaps.builder().maxTotalSpend(nano(1000)).build());
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          for (int j = 0; j < 100; j++) {
            try {
              budget.reserve(nano(7)).settle(nano(7));
              admitted.incrementAndGet();
            } catch (BudgetExceededException refused) {
              // expected once the cap is near
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(admitted.get()).isEqualTo(1000 / 7);
    assertThat(budget.spent()).isEqualTo(nano(1000 / 7 * 7));
  }
}
