package dev.silk.core.observe;

import java.util.function.BiConsumer;

/** One call being observed; exactly one of its methods is called, once. */
public interface CallObservation {
  /** Observes nothing. */
  CallObservation NONE = new CallObservation() {
    @Override
    public void succeeded(CallResult result) {}

    @Override
    public void failed(Throwable error) {}
  };

  /** The answer arrived and verified (for a stream: its last chunk and receipt). */
  void succeeded(CallResult result);

  /**
   * The call failed: a {@link dev.silk.core.errors.SilkException} (its {@code code()} says why),
   * a {@link java.util.concurrent.CancellationException} (cancelled, or a stream closed before
   * its end), or an unexpected {@link RuntimeException}.
   */
  void failed(Throwable error);

  /** An observation that hands either end to {@code onEnd} (one of the two is null). */
  static CallObservation onEnd(BiConsumer<CallResult, Throwable> onEnd) {
    return new CallObservation() {
      @Override
      public void succeeded(CallResult result) {
        onEnd.accept(result, null);
      }

      @Override
      public void failed(Throwable error) {
        onEnd.accept(null, error);
      }
    };
  }
}
