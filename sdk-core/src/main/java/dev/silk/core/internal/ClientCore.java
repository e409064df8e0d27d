package dev.silk.core.internal;

import dev.silk.core.RequestOptions;
import dev.silk.core.chat.Chat;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.Completions;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.internal.node.Failures;
import dev.silk.core.models.Model;
import dev.silk.core.models.Models;
import dev.silk.core.observe.CallInfo;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The one core behind the sync, async and streaming forms, whatever the transport: budget
 * admission, attempts, retries with backoff, cancellation. Thread-safe.
 *
 * @param <A> the transport's attempt type
 */
public final class ClientCore<A> implements Chat, Completions, Models, AutoCloseable {
  private final Transport<A> transport;
  private final Budget budget;
  private final Retries retries;
  private final Duration streamIdleTimeout;
  private final ScheduledExecutorService scheduler;
  private final Observations observations;

  public ClientCore(Transport<A> transport, Budget budget, ClientSettings settings) {
    this.transport = transport;
    this.observations = new Observations(settings.observer);
    this.budget = budget;
    this.retries = new Retries(settings.timeout, settings.maxRetries, settings.backoff);
    this.streamIdleTimeout = settings.streamIdleTimeout;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "silk-client-scheduler");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
  }

  /**
   * The verified descriptor of the Silk node (fetched on first use).
   *
   * @throws IllegalStateException if this client talks to a COCOON runner
   */
  public VerifiedNodeView silkNode() {
    return transport.silkNode();
  }

  @Override
  public Completions completions() {
    return this;
  }

  @Override
  public List<Model> list() {
    return transport.models();
  }

  // ---- whole answers (sync and async share these) ----

  @Override
  public ChatCompletion create(ChatCompletionCreateParams params, RequestOptions options) {
    return observations.sync(CallInfo.Kind.CHAT, params.model(), () -> {
      transport.check(params, options);
      return run(chatExchange(params, options), transport.admit(budget, params, options), options);
    }, c -> Observations.result(c.usage(), c.verification()));
  }

  @Override
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionCreateParams params, RequestOptions options) {
    return observations.async(CallInfo.Kind.CHAT, params.model(), () -> {
      try {
        transport.check(params, options);
        return runAsync(chatExchange(params, options), transport.admit(budget, params, options), options);
      } catch (RuntimeException e) {
        return failed(e);
      }
    }, c -> Observations.result(c.usage(), c.verification()));
  }

  /** Legacy text completions, where the transport carries them. */
  public TextCompletion createText(TextCompletionCreateParams params, RequestOptions options) {
    return observations.sync(CallInfo.Kind.TEXT, params.model(), () -> {
      Exchange<TextCompletion> exchange = transport.textExchange(params, options, retries.timeout(options));
      return run(exchange, transport.admitText(budget, params), options);
    }, t -> Observations.result(t.usage(), t.verification()));
  }

  public CompletableFuture<TextCompletion> createTextAsync(TextCompletionCreateParams params,
      RequestOptions options) {
    return observations.async(CallInfo.Kind.TEXT, params.model(), () -> {
      try {
        Exchange<TextCompletion> exchange = transport.textExchange(params, options, retries.timeout(options));
        return runAsync(exchange, transport.admitText(budget, params), options);
      } catch (RuntimeException e) {
        return failed(e);
      }
    }, t -> Observations.result(t.usage(), t.verification()));
  }

  private Exchange<ChatCompletion> chatExchange(ChatCompletionCreateParams params, RequestOptions options) {
    return new Exchange<ChatCompletion>() {
      // Attempts run one after another (the async ones hand over through the scheduler).
      private volatile A attempt;

      @Override
      public Call<ResponseBody> nextAttempt() {
        attempt = transport.prepare(params, false, options, retries.timeout(options), attempt);
        return transport.call(attempt);
      }

      @Override
      public ChatCompletion finish(Response<ResponseBody> response) {
        return transport.finish(attempt, response);
      }

      @Override
      public boolean retriable(SilkException e) {
        return transport.retriable(e, attempt);
      }

      @Override
      public SilkException surfaced(SilkException e) {
        return transport.surfaced(e, attempt);
      }

      @Override
      public void cancelled() {
        transport.cancelled(attempt);
      }

      @Override
      public TonAmount cost(ChatCompletion answer) {
        return answer.cost();
      }
    };
  }

  private <T> T run(Exchange<T> exchange, Budget.Reservation reservation, RequestOptions options) {
    try (Budget.Reservation r = reservation) {
      for (int attempt = 0; ; attempt++) {
        Call<ResponseBody> call;
        try {
          call = exchange.nextAttempt();
        } catch (RateLimitedException refused) {
          Retries.sleep(preparedAgainAfter(refused, attempt, options));
          continue;
        }
        call.timeout().timeout(retries.timeout(options).toMillis(), TimeUnit.MILLISECONDS);
        try {
          T answer;
          try {
            answer = exchange.finish(call.execute());
          } catch (IOException e) {
            throw Failures.io(e);
          }
          r.settle(exchange.cost(answer));
          return answer;
        } catch (SilkException e) {
          Duration delay = retries.delay(e, exchange::retriable, attempt, options);
          if (delay == null) {
            throw exchange.surfaced(e);
          }
          Retries.sleep(delay);
        }
      }
    }
  }

  /**
   * The delay before preparing an attempt again when the node refused, signed, a call the attempt
   * needs first (the payment channel's status, while its ledger is unavailable, say): nothing of
   * the request was sent, so it is retried within the budget like a refused attempt.
   *
   * @throws RateLimitedException {@code refused}, when the budget is spent
   */
  private Duration preparedAgainAfter(RateLimitedException refused, int attempt, RequestOptions options) {
    Duration delay = retries.delay(refused, e -> true, attempt, options);
    if (delay == null) {
      throw refused;
    }
    return delay;
  }

  private <T> CompletableFuture<T> runAsync(Exchange<T> exchange, Budget.Reservation reservation,
      RequestOptions options) {
    CallFuture<T> future = new CallFuture<>();
    future.whenComplete((answer, failure) -> {
      if (answer != null) {
        reservation.settle(exchange.cost(answer));
      } else {
        reservation.close();
      }
    });
    attemptAsync(future, exchange, options, 0);
    return future;
  }

  private static <T> CompletableFuture<T> failed(RuntimeException e) {
    CompletableFuture<T> future = new CompletableFuture<>();
    future.completeExceptionally(e);
    return future;
  }

  private <T> void attemptAsync(CallFuture<T> future, Exchange<T> exchange, RequestOptions options, int attempt) {
    if (future.isDone()) {
      return;
    }
    Call<ResponseBody> call;
    try {
      call = exchange.nextAttempt();
    } catch (RateLimitedException refused) {
      Duration delay;
      try {
        delay = preparedAgainAfter(refused, attempt, options);
      } catch (RateLimitedException e) {
        future.completeExceptionally(e);
        return;
      }
      scheduler.schedule(() -> attemptAsync(future, exchange, options, attempt + 1), delay.toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      return;
    }
    call.timeout().timeout(retries.timeout(options).toMillis(), TimeUnit.MILLISECONDS);
    if (!future.track(call)) {
      return;
    }
    call.enqueue(new Callback<ResponseBody>() {
      @Override
      public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
        try {
          future.complete(exchange.finish(response));
        } catch (SilkException e) {
          retryOrFail(e);
        }
      }

      @Override
      public void onFailure(Call<ResponseBody> c, Throwable t) {
        if (c.isCanceled()) {
          exchange.cancelled();
          future.completeExceptionally(new CancellationException("cancelled"));
        } else if (t instanceof IOException) {
          retryOrFail(Failures.io((IOException) t));
        } else {
          future.completeExceptionally(t);
        }
      }

      private void retryOrFail(SilkException e) {
        Duration delay = retries.delay(e, exchange::retriable, attempt, options);
        if (delay == null) {
          future.completeExceptionally(exchange.surfaced(e));
        } else {
          scheduler.schedule(() -> attemptAsync(future, exchange, options, attempt + 1),
              delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    });
  }

  // ---- streaming ----

  @Override
  public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params,
      RequestOptions options) {
    return observations.stream(params.model(), () -> openStreaming(params, options));
  }

  private StreamResponse<ChatCompletionChunk> openStreaming(ChatCompletionCreateParams params,
      RequestOptions options) {
    transport.check(params, options);
    Duration idle = options.streamIdleTimeout() != null ? options.streamIdleTimeout() : streamIdleTimeout;
    Budget.Reservation reservation = transport.admit(budget, params, options);
    try {
      A a = null;
      for (int attempt = 0; ; attempt++) {
        try {
          a = transport.prepare(params, true, options, retries.timeout(options), a);
        } catch (RateLimitedException refused) {
          Retries.sleep(preparedAgainAfter(refused, attempt, options));
          continue;
        }
        try {
          return transport.openStream(a, idle, retries.timeout(options), reservation);
        } catch (SilkException e) {
          A failed = a;
          Duration delay = retries.delay(e, streamed -> transport.retriable(streamed, failed), attempt, options);
          if (delay == null) {
            throw transport.surfaced(e, failed);
          }
          Retries.sleep(delay);
        }
      }
    } catch (RuntimeException e) {
      reservation.close();
      throw e;
    }
  }

  @Override
  public CompletableFuture<ChatCompletion> stream(ChatCompletionCreateParams params,
      Consumer<ChatCompletionChunk> onChunk, RequestOptions options) {
    CompletableFuture<ChatCompletion> future = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try (StreamResponse<ChatCompletionChunk> stream = createStreaming(params, options)) {
        StreamAccumulator answer = new StreamAccumulator();
        while (!future.isDone() && stream.hasNext()) {
          ChatCompletionChunk chunk = stream.next();
          answer.add(chunk);
          onChunk.accept(chunk);
        }
        if (!future.isDone()) {
          future.complete(answer.completion(stream.verification()));
        }
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }, "silk-stream");
    worker.setDaemon(true);
    worker.start();
    return future;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (transport instanceof AutoCloseable) {
      try {
        ((AutoCloseable) transport).close();
      } catch (Exception e) {
        // closing: nothing left to report to
      }
    }
  }
}
