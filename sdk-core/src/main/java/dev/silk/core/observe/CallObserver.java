package dev.silk.core.observe;

/**
 * Told of every call a client makes, as OkHttp's {@code EventListener.Factory}: {@link #start}
 * once per call (sync, async, streamed; retries are inside one call), and the returned
 * {@link CallObservation} once when the call ends. Give it with
 * {@code SilkClient.builder().observer(...)}.
 *
 * <p>Implementations must be thread-safe and quick (they run on the calling thread or OkHttp's);
 * an exception they throw is logged and does not change the call. They are never given a
 * prompt, an answer or a key.
 *
 * <pre>{@code
 * SilkClient client = SilkClient.builder().baseUrl(node)
 *     .observer(call -> {
 *       long started = System.nanoTime();
 *       return CallObservation.onEnd((result, error) -> log(call.model(), System.nanoTime() - started, error));
 *     })
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface CallObserver {
  /** Observes nothing. */
  CallObserver NONE = call -> CallObservation.NONE;

  /** A call begins. */
  CallObservation start(CallInfo call);
}
