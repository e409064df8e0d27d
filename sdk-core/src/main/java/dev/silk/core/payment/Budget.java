package dev.silk.core.payment;

import dev.silk.core.errors.BudgetExceededException;
import java.util.Objects;

/**
 * Tracks what requests cost against {@link SpendingCaps}. Before a request is sent the client
 * {@linkplain #reserve reserves} its maximum price; when the answer states the actual cost the
 * reservation is {@linkplain Reservation#settle settled}; a request that fails before it is
 * charged {@linkplain Reservation#close releases} its reservation. Share one budget between
 * clients (a Silk node and a COCOON runner, say) to cap their spending together. Thread-safe.
 *
 * <p>Where a transport cannot state a price before the answer (the COCOON runner prices by
 * worker coefficient), it {@linkplain #reserveUnpriced admits the request unpriced}: the caps
 * are then enforced on what has already been spent, so the request that crosses the total cap
 * is the last one sent.
 *
 * <pre>{@code
 * Budget budget = Budget.of(SpendingCaps.builder().maxTotalSpend(TonAmount.ofTon("1")).build());
 * SilkClient client = SilkClient.builder().baseUrl(url).budget(budget).build();
 * ...
 * System.out.println("spent " + budget.spent());
 * }</pre>
 */
public final class Budget {
  private final SpendingCaps caps;
  private long spent;
  private long reserved;

  private Budget(SpendingCaps caps) {
    this.caps = caps;
  }

  public static Budget of(SpendingCaps caps) {
    return new Budget(Objects.requireNonNull(caps, "caps"));
  }

  /** A budget without caps, which still counts what was spent. */
  public static Budget unlimited() {
    return of(SpendingCaps.unlimited());
  }

  public SpendingCaps caps() {
    return caps;
  }

  /** What settled requests cost so far. */
  public synchronized TonAmount spent() {
    return TonAmount.ofNanoton(spent);
  }

  /** The maxima of the requests in flight. */
  public synchronized TonAmount reserved() {
    return TonAmount.ofNanoton(reserved);
  }

  /**
   * Reserves {@code maximum} for one request whose price is bounded before it is sent.
   *
   * @throws BudgetExceededException if {@code maximum} is above the per-request cap, or spent
   *     plus reserved plus {@code maximum} would pass the total cap
   */
  public Reservation reserve(TonAmount maximum) {
    Objects.requireNonNull(maximum, "maximum");
    if (caps.maxPerRequest().isPresent() && maximum.isGreaterThan(caps.maxPerRequest().get())) {
      throw new BudgetExceededException("a request may cost up to " + maximum + ", above the per-request cap of "
          + caps.maxPerRequest().get());
    }
    synchronized (this) {
      if (caps.maxTotalSpend().isPresent()
          && spent + reserved + maximum.nanoton() > caps.maxTotalSpend().get().nanoton()) {
        throw new BudgetExceededException("a request may cost up to " + maximum + ", which would pass the total cap of "
            + caps.maxTotalSpend().get() + " (spent " + spent() + ", in flight " + reserved() + ")");
      }
      reserved = Math.addExact(reserved, maximum.nanoton());
    }
    return new Reservation(maximum.nanoton());
  }

  /**
   * Admits one request whose price is known only from its answer: refused once spent plus
   * reserved has reached the total cap.
   *
   * @throws BudgetExceededException if the total cap is reached
   */
  public synchronized Reservation reserveUnpriced() {
    if (caps.maxTotalSpend().isPresent() && spent + reserved >= caps.maxTotalSpend().get().nanoton()) {
      throw new BudgetExceededException("the total spending cap of " + caps.maxTotalSpend().get()
          + " is reached (spent " + spent() + ", in flight " + reserved() + ")");
    }
    return new Reservation(0);
  }

  private synchronized void finish(long maximum, long actual) {
    reserved -= maximum;
    spent = Math.addExact(spent, actual);
  }

  @Override
  public String toString() {
    return "Budget[spent=" + spent() + ", reserved=" + reserved() + ", " + caps + "]";
  }

  /** One request's reservation; settle or close it exactly once (later calls do nothing). Thread-safe. */
  public final class Reservation implements AutoCloseable {
    private final long maximum;
    private boolean done;

    private Reservation(long maximum) {
      this.maximum = maximum;
    }

    /**
     * Records what the request actually cost and frees its reservation. An actual cost above
     * the reserved maximum is still recorded: the money is spent.
     */
    public void settle(TonAmount actual) {
      Objects.requireNonNull(actual, "actual");
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      finish(maximum, actual.nanoton());
    }

    /** Frees the reservation without spending (the request was not charged); no-op once settled. */
    @Override
    public void close() {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      finish(maximum, 0);
    }
  }
}
