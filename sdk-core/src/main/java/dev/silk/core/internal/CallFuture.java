package dev.silk.core.internal;

import java.util.concurrent.CompletableFuture;
import retrofit2.Call;

/** A future whose cancellation cancels the HTTP call in flight. Thread-safe. */
final class CallFuture<T> extends CompletableFuture<T> {
  private Call<?> call;

  /** Tracks the next attempt's call; false if the future was cancelled meanwhile. */
  synchronized boolean track(Call<?> next) {
    if (isCancelled()) {
      return false;
    }
    call = next;
    return true;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    synchronized (this) {
      if (call != null) {
        call.cancel();
      }
    }
    return super.cancel(mayInterruptIfRunning);
  }
}
