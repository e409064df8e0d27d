package dev.silk.core.internal.node;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * A streamed answer over server-sent events, shared by every transport: events are queued by
 * OkHttp's reader thread and decoded in order on the consumer's thread, with an idle timeout
 * per event. A subclass decodes one event's data and says when the answer is complete; the
 * iterator ends only then, and a stream that closes earlier is reported as truncated. Not
 * thread-safe (one consumer).
 */
public abstract class EventStream implements StreamResponse<ChatCompletionChunk> {
  private static final Event CLOSED = new Event(null, null);

  private final OkHttpClient http;
  private final Request request;
  private final Duration idleTimeout;
  private final Duration openTimeout;
  private final Budget.Reservation reservation;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CountDownLatch opened = new CountDownLatch(1);
  private final ArrayDeque<ChatCompletionChunk> pending = new ArrayDeque<>();
  private volatile EventSource source;
  private volatile SilkException openFailure;
  private Verification verification;
  private SilkException failure;
  private boolean closed;
  private boolean abandoned;

  /** One queued event: a data line, or a failure, or (both null) the end of the stream. */
  private static final class Event {
    final String data;
    final SilkException failure;

    Event(String data, SilkException failure) {
      this.data = data;
      this.failure = failure;
    }
  }

  public EventStream(OkHttpClient http, Request request, Duration idleTimeout, Duration openTimeout,
      Budget.Reservation reservation) {
    this.http = http.newBuilder().readTimeout(idleTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).build();
    this.request = request.newBuilder().header("Accept", "text/event-stream").build();
    this.idleTimeout = idleTimeout;
    this.openTimeout = openTimeout;
    this.reservation = reservation;
  }

  /** The failure a non-200 answer stands for. */
  protected abstract SilkException failureOf(int status, byte[] body);

  /**
   * Decodes one event's data, adding its chunks to {@code out}; returns the answer's
   * verification if this event completed it, else null.
   *
   * @throws SilkException if the event is malformed, fails verification or carries an error
   */
  protected abstract Verification decode(String data, Collection<ChatCompletionChunk> out);

  /**
   * Called once if the stream ends before the answer completed: by the caller's {@link #close()}
   * ({@code byCaller}), or by a failure or timeout.
   */
  protected void abandoned(boolean byCaller) {}

  /**
   * Whether {@link #open} also waits for the first event and decodes it, so that a refusal that
   * is the whole answer (a signed error or quote in the only chunk) is thrown from {@code open},
   * where the caller may still retry. Default: no.
   */
  protected boolean refusalsOnOpen() {
    return false;
  }

  /**
   * Sends the request and waits for the answer's headers (and with {@link #refusalsOnOpen()} its
   * first event); throws if refused before streaming.
   */
  public final EventStream open() {
    source = EventSources.createFactory(http).newEventSource(request, new Listener());
    try {
      if (!opened.await(openTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SilkTimeoutException("timeout", "no answer within " + openTimeout, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SilkIoException("cancelled", "interrupted", e);
    }
    if (openFailure != null) {
      throw openFailure;
    }
    if (refusalsOnOpen()) {
      takeOrFail();
    }
    return this;
  }

  private final class Listener extends EventSourceListener {
    @Override
    public void onOpen(EventSource eventSource, Response response) {
      opened.countDown();
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
      events.add(new Event(data, null));
    }

    @Override
    public void onClosed(EventSource eventSource) {
      events.add(CLOSED);
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
      SilkException e;
      if (response != null && response.code() != 200) {
        byte[] body;
        try {
          body = Failures.readCapped(response.body(), 1 << 16);
        } catch (IOException io) {
          body = new byte[0];
        }
        e = failureOf(response.code(), body);
      } else if (t instanceof IOException) {
        e = Failures.io((IOException) t);
      } else {
        e = new SilkIoException("io", "stream failed", t);
      }
      if (opened.getCount() > 0) {
        openFailure = e;
        opened.countDown();
      }
      events.add(new Event(null, e));
    }
  }

  @Override
  public final boolean hasNext() {
    while (pending.isEmpty()) {
      if (verification != null) {
        return false;
      }
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new IllegalStateException("stream closed");
      }
      takeOrFail();
    }
    return true;
  }

  /** Takes the next event; a failure ends the stream (kept for later calls, the call cancelled). */
  private void takeOrFail() {
    try {
      take();
    } catch (SilkException e) {
      failure = e;
      cancel(false);
      throw e;
    }
  }

  private void take() {
    Event event;
    try {
      event = events.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SilkIoException("cancelled", "interrupted", e);
    }
    if (event == null) {
      throw new SilkTimeoutException("timeout", "no stream chunk within " + idleTimeout, null);
    }
    if (event.failure != null) {
      throw event.failure;
    }
    if (event == CLOSED) {
      throw Failures.truncated();
    }
    Verification done = decode(event.data, pending);
    if (done != null) {
      verification = done;
      reservation.settle(done.cost());
      cancel(false);
    }
  }

  @Override
  public final ChatCompletionChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  @Override
  public final Verification verification() {
    if (verification == null) {
      throw new IllegalStateException("the stream has not ended");
    }
    return verification;
  }

  @Override
  public final SignedReceipt receipt() {
    return verification().requireReceipt();
  }

  @Override
  public final TonAmount cost() {
    return verification().cost();
  }

  @Override
  public final void close() {
    closed = true;
    cancel(true);
  }

  private void cancel(boolean byCaller) {
    // An unfinished stream releases its reservation: what it cost, if anything, is unknown here.
    if (verification == null && !abandoned) {
      abandoned = true;
      abandoned(byCaller);
    }
    reservation.close();
    EventSource s = source;
    if (s != null) {
      s.cancel();
    }
  }
}
