package dev.silk.core.internal;

import dev.silk.core.RequestOptions;
import dev.silk.core.chat.Chat;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.Completions;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.internal.json.ChatJson;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseChunk;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * The one core behind the sync, async and streaming forms: descriptor verification, sealing,
 * answer verification, error mapping and retries. Thread-safe.
 */
public final class ClientCore implements Chat, Completions, AutoCloseable {
  static final int MAX_ANSWER = 16 << 20;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  final OkHttpClient http;
  final HttpUrl baseUrl;
  private final NodeApi api;
  private final DescriptorCache descriptors;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration streamIdleTimeout;
  private final Duration backoff;
  private final ScheduledExecutorService scheduler;

  public ClientCore(OkHttpClient http, HttpUrl baseUrl, AttestationPolicy policy, Clock clock, Duration timeout,
      int maxRetries, Duration streamIdleTimeout, Duration backoff) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.api = new Retrofit.Builder().baseUrl(baseUrl).client(http).build().create(NodeApi.class);
    this.descriptors = new DescriptorCache(api, policy, clock);
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.streamIdleTimeout = streamIdleTimeout;
    this.backoff = backoff;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "silk-client-scheduler");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
  }

  /** The verified descriptor of the node (fetched on first use). */
  public VerifiedNodeView node() {
    VerifiedNode node = descriptors.current();
    return new VerifiedNodeView(node.descriptor, node.attestation);
  }

  @Override
  public Completions completions() {
    return this;
  }

  // ---- sync ----

  @Override
  public ChatCompletion create(ChatCompletionCreateParams params, RequestOptions options) {
    for (int attempt = 0; ; attempt++) {
      Attempt a = prepare(params, false);
      Call<ResponseBody> call = api.sealedCompletion(NodeApi.envelope(a.sealed.envelope()));
      call.timeout().timeout(timeoutOf(options).toMillis(), TimeUnit.MILLISECONDS);
      try {
        try {
          return finish(a, call.execute());
        } catch (IOException e) {
          throw Failures.io(e);
        }
      } catch (SilkException e) {
        Duration delay = retryDelay(e, a, attempt, options);
        if (delay == null) {
          throw e;
        }
        sleep(delay);
      }
    }
  }

  // ---- async ----

  @Override
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionCreateParams params, RequestOptions options) {
    CallFuture<ChatCompletion> future = new CallFuture<>();
    attemptAsync(future, params, options, 0);
    return future;
  }

  private void attemptAsync(CallFuture<ChatCompletion> future, ChatCompletionCreateParams params,
      RequestOptions options, int attempt) {
    if (future.isDone()) {
      return;
    }
    Attempt a;
    try {
      a = prepare(params, false);
    } catch (SilkException e) {
      future.completeExceptionally(e);
      return;
    }
    Call<ResponseBody> call = api.sealedCompletion(NodeApi.envelope(a.sealed.envelope()));
    call.timeout().timeout(timeoutOf(options).toMillis(), TimeUnit.MILLISECONDS);
    if (!future.track(call)) {
      return;
    }
    call.enqueue(new Callback<ResponseBody>() {
      @Override
      public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
        try {
          future.complete(finish(a, response));
        } catch (SilkException e) {
          retryOrFail(e);
        }
      }

      @Override
      public void onFailure(Call<ResponseBody> c, Throwable t) {
        if (c.isCanceled()) {
          future.completeExceptionally(new CancellationException("cancelled"));
        } else if (t instanceof IOException) {
          retryOrFail(Failures.io((IOException) t));
        } else {
          future.completeExceptionally(t);
        }
      }

      private void retryOrFail(SilkException e) {
        Duration delay = retryDelay(e, a, attempt, options);
        if (delay == null) {
          future.completeExceptionally(e);
        } else {
          scheduler.schedule(() -> attemptAsync(future, params, options, attempt + 1),
              delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    });
  }

  // ---- streaming ----

  @Override
  public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params,
      RequestOptions options) {
    Duration idle = options.streamIdleTimeout() != null ? options.streamIdleTimeout() : streamIdleTimeout;
    for (int attempt = 0; ; attempt++) {
      Attempt a = prepare(params, true);
      SseStream stream = new SseStream(this, a, idle, timeoutOf(options));
      try {
        stream.awaitOpen();
        return stream;
      } catch (SilkException e) {
        stream.close();
        Duration delay = retryDelay(e, a, attempt, options);
        if (delay == null) {
          throw e;
        }
        sleep(delay);
      }
    }
  }

  @Override
  public CompletableFuture<SignedReceipt> stream(ChatCompletionCreateParams params,
      Consumer<ChatCompletionChunk> onChunk, RequestOptions options) {
    CompletableFuture<SignedReceipt> future = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try (StreamResponse<ChatCompletionChunk> stream = createStreaming(params, options)) {
        while (!future.isDone() && stream.hasNext()) {
          onChunk.accept(stream.next());
        }
        future.complete(stream.receipt());
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }, "silk-stream");
    worker.setDaemon(true);
    worker.start();
    return future;
  }

  // ---- shared steps ----

  /** Everything one attempt needs: the verified node and the freshly sealed request. */
  static final class Attempt {
    final VerifiedNode node;
    final SealedRequest sealed;

    Attempt(VerifiedNode node, SealedRequest sealed) {
      this.node = node;
      this.sealed = sealed;
    }

    ResponseReader reader() {
      return sealed.responseReader(node.descriptor.signingKey());
    }
  }

  private Attempt prepare(ChatCompletionCreateParams params, boolean stream) {
    VerifiedNode node = descriptors.current();
    if (!node.serves(params.model())) {
      throw new BadRequestException("unknown_model", "the node does not serve model '" + params.model() + "'", null);
    }
    RequestPayload payload = RequestPayload.builder()
        .model(params.model())
        .stream(stream)
        .body(ChatJson.write(Mapping.toWire(params, stream)))
        .build();
    // Each attempt seals anew: fresh request id, response key and HPKE ephemeral key.
    return new Attempt(node, RequestSealer.seal(payload, node.descriptor.recipient()));
  }

  private ChatCompletion finish(Attempt a, Response<ResponseBody> response) {
    byte[] body;
    try (ResponseBody b = response.isSuccessful() ? response.body() : response.errorBody()) {
      body = Failures.readCapped(b, MAX_ANSWER);
    } catch (IOException e) {
      throw Failures.io(e);
    }
    if (response.code() != 200) {
      throw Failures.fromStatus(a.node, response.code(), body);
    }
    ResponseReader reader = a.reader();
    try {
      ResponseChunk chunk = reader.read(body);
      if (!reader.isComplete()) {
        throw Failures.truncated();
      }
      if (reader.nodeError() != null) {
        throw Failures.fromNodeError(reader.nodeError());
      }
      SignedReceipt receipt = reader.receipt();
      return Mapping.completion(
          ChatJson.readCompletion(new String(chunk.data(), StandardCharsets.UTF_8)), receipt, a.node.attestation);
    } catch (SilkCryptoException e) {
      throw Failures.verification(e);
    } catch (IOException e) {
      throw new dev.silk.core.errors.VerificationException("malformed", "answer is not a chat completion", e);
    }
  }

  /** The delay before the next attempt, or null when {@code e} must surface. */
  Duration retryDelay(SilkException e, Attempt a, int attempt, RequestOptions options) {
    int budget = options.maxRetries() != null ? options.maxRetries() : maxRetries;
    if (!Failures.retriable(e) || attempt >= budget) {
      return null;
    }
    if (e instanceof Failures.StaleDescriptorException) {
      descriptors.invalidate(a.node);
    }
    long exponential = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt, 10));
    long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
    long advised = e instanceof RateLimitedException ? ((RateLimitedException) e).retryAfter().toMillis() : 0;
    return Duration.ofMillis(Math.max(jittered, Math.min(advised, MAX_BACKOFF.toMillis() * 4)));
  }

  Duration timeoutOf(RequestOptions options) {
    return options.timeout() != null ? options.timeout() : timeout;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.silk.core.errors.SilkIoException("cancelled", "interrupted while waiting to retry", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** A future whose cancellation cancels the HTTP call in flight. */
  static final class CallFuture<T> extends CompletableFuture<T> {
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
}
