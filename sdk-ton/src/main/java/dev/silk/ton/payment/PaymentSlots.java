package dev.silk.ton.payment;

import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The channel's k payment slots (the node's signed {@code max_in_flight}): an attempt takes one
 * before its state is signed and gives it back when its outcome is known, waiting at most
 * {@code wait} for one; fair, so that no attempt starves. Sized by the first terms seen. Thread-safe.
 */
final class PaymentSlots {
  private final Duration wait;
  private Semaphore slots;

  PaymentSlots(Duration wait) {
    this.wait = wait;
  }

  /** Takes a slot of {@code k}, or fails with a timeout after the wait. */
  void acquire(long k) {
    try {
      if (!semaphore(k).tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SilkTimeoutException("timeout", "all " + k + " payment slots of the channel stayed busy for "
            + wait, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SilkIoException("cancelled", "interrupted while waiting for a payment slot", e);
    }
  }

  synchronized void release() {
    if (slots != null) {
      slots.release();
    }
  }

  private synchronized Semaphore semaphore(long k) {
    if (slots == null) {
      slots = new Semaphore((int) Math.max(1, Math.min(k, Integer.MAX_VALUE)), true);
    }
    return slots;
  }
}
