package dev.silk.core.internal;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.Usage;
import dev.silk.core.observe.CallInfo;
import dev.silk.core.observe.CallObservation;
import dev.silk.core.observe.CallObserver;
import dev.silk.core.observe.CallResult;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each call under the client's {@link CallObserver}: one start, one end, whatever the form
 * of the call, and an observer that throws never changes the call. Thread-safe.
 */
final class Observations {
  private static final Logger LOG = Logger.getLogger("dev.silk.observe");

  private final CallObserver observer;

  Observations(CallObserver observer) {
    this.observer = observer;
  }

  static CallResult result(Usage usage, Verification verification) {
    return new CallResult(usage.promptTokens(), usage.completionTokens(), verification);
  }

  <T> T sync(CallInfo.Kind kind, String model, Supplier<T> call, Function<T, CallResult> result) {
    Once once = start(kind, model);
    T answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      once.failed(e);
      throw e;
    }
    once.succeeded(result.apply(answer));
    return answer;
  }

  /** Observes {@code call}'s future and returns that same future, so that cancelling it still cancels the call. */
  <T> CompletableFuture<T> async(CallInfo.Kind kind, String model, Supplier<CompletableFuture<T>> call,
      Function<T, CallResult> result) {
    Once once = start(kind, model);
    CompletableFuture<T> future = call.get();
    future.whenComplete((answer, error) -> {
      if (error != null) {
        once.failed(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        once.succeeded(result.apply(answer));
      }
    });
    return future;
  }

  StreamResponse<ChatCompletionChunk> stream(String model, Supplier<StreamResponse<ChatCompletionChunk>> open) {
    Once once = start(CallInfo.Kind.CHAT_STREAM, model);
    try {
      return new ObservedStream(open.get(), once);
    } catch (RuntimeException e) {
      once.failed(e);
      throw e;
    }
  }

  private Once start(CallInfo.Kind kind, String model) {
    CallObservation observation;
    try {
      observation = observer.start(new CallInfo(kind, model));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Silk: a CallObserver threw " + e.getClass().getName() + " at start; ignored");
      observation = CallObservation.NONE;
    }
    return new Once(observation == null ? CallObservation.NONE : observation);
  }

  /** Ends an observation once, and keeps the observer's failures out of the call. */
  private static final class Once {
    private final CallObservation observation;
    private final AtomicBoolean ended = new AtomicBoolean();

    Once(CallObservation observation) {
      this.observation = observation;
    }

    void succeeded(CallResult result) {
      if (ended.compareAndSet(false, true)) {
        try {
          observation.succeeded(result);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Silk: a CallObservation threw " + e.getClass().getName() + "; ignored");
        }
      }
    }

    void failed(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        try {
          observation.failed(error);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Silk: a CallObservation threw " + e.getClass().getName() + "; ignored");
        }
      }
    }
  }

  /** A stream that ends its observation at its verified end, at a failure, or when closed early. */
  private static final class ObservedStream implements StreamResponse<ChatCompletionChunk> {
    private final StreamResponse<ChatCompletionChunk> stream;
    private final Once once;
    private Usage usage = new Usage(0, 0);

    ObservedStream(StreamResponse<ChatCompletionChunk> stream, Once once) {
      this.stream = stream;
      this.once = once;
    }

    @Override
    public boolean hasNext() {
      try {
        boolean more = stream.hasNext();
        if (!more) {
          once.succeeded(result(usage, stream.verification()));
        }
        return more;
      } catch (RuntimeException e) {
        once.failed(e);
        throw e;
      }
    }

    @Override
    public ChatCompletionChunk next() {
      try {
        ChatCompletionChunk chunk = stream.next();
        if (chunk.usage() != null) {
          usage = chunk.usage();
        }
        return chunk;
      } catch (RuntimeException e) {
        once.failed(e);
        throw e;
      }
    }

    @Override
    public Verification verification() {
      return stream.verification();
    }

    @Override
    public SignedReceipt receipt() {
      return stream.receipt();
    }

    @Override
    public TonAmount cost() {
      return stream.cost();
    }

    @Override
    public void close() {
      once.failed(new CancellationException("the stream was closed before its end"));
      stream.close();
    }
  }
}
