package dev.silk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.RequestOptions;
import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Usage;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The core alone, over a scripted transport (no network, no crypto): how many attempts a request
 * makes, what the caller sees, what the budget keeps, and that cancelling an async request
 * cancels its call.
 */
class ClientCoreTest {
  private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
      .model("echo").addMessage(ChatMessage.user("hi")).build();
  private static final ClientSettings SETTINGS =
      new ClientSettings(Duration.ofSeconds(5), 2, Duration.ofSeconds(5), Duration.ofMillis(1),
          dev.silk.core.observe.CallObserver.NONE);

  @Test
  void aRetriableFailureIsRetriedAndTheAnswerCountsOnce() {
    ScriptedTransport transport = new ScriptedTransport(Outcome.IO_FAILURE, Outcome.ANSWER);
    Budget budget = Budget.unlimited();
    try (ClientCore<Integer> core = new ClientCore<>(transport, budget, SETTINGS)) {
      ChatCompletion answer = core.create(PARAMS, RequestOptions.defaults());
      assertThat(answer.id()).isEqualTo("answer-2");
    }
    assertThat(transport.prepared.get()).isEqualTo(2);
    assertThat(budget.spent()).isEqualTo(TonAmount.ofNanoton(7));
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void aFailureThatCannotBeCuredSurfacesAtOnce() {
    ScriptedTransport transport = new ScriptedTransport(Outcome.REFUSED, Outcome.ANSWER);
    Budget budget = Budget.unlimited();
    try (ClientCore<Integer> core = new ClientCore<>(transport, budget, SETTINGS)) {
      assertThatThrownBy(() -> core.create(PARAMS, RequestOptions.defaults()))
          .isInstanceOf(BadRequestException.class).hasMessageContaining("surfaced after attempt 1");
    }
    assertThat(transport.prepared.get()).isEqualTo(1);
    assertThat(budget.reserved()).as("the reservation is released").isEqualTo(TonAmount.ZERO);
    assertThat(budget.spent()).isEqualTo(TonAmount.ZERO);
  }

  @Test
  void retriesStopAtTheBudgetOfRetriesTheCallOrTheClientSets() {
    ScriptedTransport transport = new ScriptedTransport(Outcome.IO_FAILURE, Outcome.IO_FAILURE,
        Outcome.IO_FAILURE, Outcome.IO_FAILURE, Outcome.ANSWER);
    try (ClientCore<Integer> core = new ClientCore<>(transport, Budget.unlimited(), SETTINGS)) {
      assertThatThrownBy(() -> core.create(PARAMS, RequestOptions.defaults()))
          .isInstanceOf(SilkIoException.class).hasMessageContaining("surfaced after attempt 3");
      assertThat(transport.prepared.get()).as("one attempt and the client's two retries").isEqualTo(3);
      assertThatThrownBy(() -> core.create(PARAMS, RequestOptions.builder().maxRetries(0).build()))
          .isInstanceOf(SilkIoException.class);
      assertThat(transport.prepared.get()).as("the call's own budget: no retry").isEqualTo(4);
    }
  }

  @Test
  void aRequestOverTheBudgetNeverLeaves() {
    ScriptedTransport transport = new ScriptedTransport(Outcome.ANSWER);
    transport.price = TonAmount.ofNanoton(1_000);
    Budget budget = Budget.of(SpendingCaps.builder().maxPerRequest(TonAmount.ofNanoton(999)).build());
    try (ClientCore<Integer> core = new ClientCore<>(transport, budget, SETTINGS)) {
      assertThatThrownBy(() -> core.create(PARAMS, RequestOptions.defaults()))
          .isInstanceOf(BudgetExceededException.class);
    }
    assertThat(transport.prepared.get()).isZero();
  }

  @Test
  void asyncRetriesThenAnswers() throws Exception {
    ScriptedTransport transport = new ScriptedTransport(Outcome.IO_FAILURE, Outcome.ANSWER);
    try (ClientCore<Integer> core = new ClientCore<>(transport, Budget.unlimited(), SETTINGS)) {
      ChatCompletion answer = core.createAsync(PARAMS, RequestOptions.defaults()).get(10, TimeUnit.SECONDS);
      assertThat(answer.id()).isEqualTo("answer-2");
    }
    assertThat(transport.prepared.get()).isEqualTo(2);
  }

  @Test
  void cancellingAnAsyncRequestCancelsItsCallAndReleasesTheBudget() throws Exception {
    ScriptedTransport transport = new ScriptedTransport(Outcome.HANG);
    Budget budget = Budget.unlimited();
    try (ClientCore<Integer> core = new ClientCore<>(transport, budget, SETTINGS)) {
      CompletableFuture<ChatCompletion> future = core.createAsync(PARAMS, RequestOptions.defaults());
      assertThat(transport.enqueued.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(future.cancel(true)).isTrue();
      assertThat(transport.calls.get(0).isCanceled()).isTrue();
      assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }
    assertThat(budget.reserved()).isEqualTo(TonAmount.ZERO);
    assertThat(transport.prepared.get()).isEqualTo(1);
  }

  @Test
  void anAsyncFailureCompletesTheFutureExceptionally() {
    ScriptedTransport transport = new ScriptedTransport(Outcome.REFUSED);
    try (ClientCore<Integer> core = new ClientCore<>(transport, Budget.unlimited(), SETTINGS)) {
      assertThatThrownBy(() -> core.createAsync(PARAMS, RequestOptions.defaults()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BadRequestException.class);
    }
  }

  /** What the scripted transport does with one attempt. */
  enum Outcome {
    /** The call fails with an IOException: retriable. */
    IO_FAILURE,
    /** The node answers 400: not retriable. */
    REFUSED,
    /** The node answers 200 with a verified answer costing 7 nanoTON. */
    ANSWER,
    /** The call never completes (async only). */
    HANG
  }

  /** Attempts are numbered from 1; each plays the next outcome of the script. */
  static final class ScriptedTransport implements Transport<Integer> {
    final AtomicInteger prepared = new AtomicInteger();
    final List<ScriptedCall> calls = Collections.synchronizedList(new java.util.ArrayList<>());
    final CountDownLatch enqueued = new CountDownLatch(1);
    private final Deque<Outcome> script;
    TonAmount price = TonAmount.ofNanoton(10);

    ScriptedTransport(Outcome... script) {
      this.script = new ArrayDeque<>(List.of(script));
    }

    @Override
    public void check(ChatCompletionCreateParams params, RequestOptions options) {
    }

    @Override
    public Budget.Reservation admit(Budget budget, ChatCompletionCreateParams params, RequestOptions options) {
      return budget.reserve(price);
    }

    @Override
    public Integer prepare(ChatCompletionCreateParams params, boolean stream, RequestOptions options,
        Duration timeout, Integer previous) {
      return prepared.incrementAndGet();
    }

    @Override
    public Call<ResponseBody> call(Integer attempt) {
      ScriptedCall call = new ScriptedCall(attempt, script.isEmpty() ? Outcome.ANSWER : script.poll(), enqueued);
      calls.add(call);
      return call;
    }

    @Override
    public ChatCompletion finish(Integer attempt, Response<ResponseBody> response) {
      if (response.code() != 200) {
        throw new BadRequestException("malformed", "surfaced after attempt " + attempt, null);
      }
      return new ChatCompletion("answer-" + attempt, "echo", 0, List.of(), new Usage(1, 1),
          Verification.cocoonRunner(TonAmount.ofNanoton(7)));
    }

    @Override
    public EventStream openStream(Integer attempt, Duration idleTimeout, Duration openTimeout,
        Budget.Reservation reservation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean retriable(SilkException e, Integer attempt) {
      return e instanceof SilkIoException;
    }

    @Override
    public SilkException surfaced(SilkException e, Integer attempt) {
      return e instanceof SilkIoException
          ? new SilkIoException(e.code(), "surfaced after attempt " + attempt, e.getCause()) : e;
    }

    @Override
    public List<Model> models() {
      return List.of();
    }

    @Override
    public Budget.Reservation admitText(Budget budget, TextCompletionCreateParams params) {
      return budget.reserve(price);
    }

    @Override
    public Exchange<TextCompletion> textExchange(TextCompletionCreateParams params, RequestOptions options,
        Duration timeout) {
      throw new UnsupportedOperationException();
    }
  }

  /** A call that plays one outcome, synchronously or through its callback. */
  static final class ScriptedCall implements Call<ResponseBody> {
    private final int attempt;
    private final Outcome outcome;
    private final CountDownLatch enqueued;
    private volatile boolean cancelled;

    ScriptedCall(int attempt, Outcome outcome, CountDownLatch enqueued) {
      this.attempt = attempt;
      this.outcome = outcome;
      this.enqueued = enqueued;
    }

    @Override
    public Response<ResponseBody> execute() throws IOException {
      switch (outcome) {
        case IO_FAILURE:
          throw new IOException("connection reset in attempt " + attempt);
        case REFUSED:
          return Response.error(400, ResponseBody.create(MediaType.get("application/json"), "{}"));
        case ANSWER:
          return Response.success(ResponseBody.create(MediaType.get("application/json"), "{}"));
        default:
          throw new IllegalStateException("a hanging call is for enqueue only");
      }
    }

    @Override
    public void enqueue(Callback<ResponseBody> callback) {
      if (outcome == Outcome.HANG) {
        enqueued.countDown();
        return; // completes only when cancelled, as OkHttp reports a cancelled call
      }
      try {
        callback.onResponse(this, execute());
      } catch (IOException e) {
        callback.onFailure(this, e);
      }
    }

    @Override
    public boolean isExecuted() {
      return true;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isCanceled() {
      return cancelled;
    }

    @Override
    public Call<ResponseBody> clone() {
      return new ScriptedCall(attempt, outcome, enqueued);
    }

    @Override
    public Request request() {
      return new Request.Builder().url("http://127.0.0.1/").build();
    }

    @Override
    public Timeout timeout() {
      return new Timeout();
    }
  }
}
