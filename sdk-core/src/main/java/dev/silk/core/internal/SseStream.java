package dev.silk.core.internal;

import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.ResponseChunk;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
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
 * A streamed answer over server-sent events (spec-v1 §12): each event's data is one base64
 * chunk. Chunks are opened in order by a {@link ResponseReader}; elements are handed out as they
 * verify; the end is reported only after the receipt verified. Not thread-safe (one consumer).
 */
final class SseStream implements StreamResponse<ChatCompletionChunk> {
  private static final Event CLOSED = new Event(null, null);

  private final ClientCore.Attempt attempt;
  private final ResponseReader reader;
  private final Duration idleTimeout;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CountDownLatch opened = new CountDownLatch(1);
  private final ArrayDeque<ChatCompletionChunk> pending = new ArrayDeque<>();
  private final EventSource source;
  private final Duration openTimeout;
  private volatile SilkException openFailure;
  private SignedReceipt receipt;
  private SilkException failure;
  private boolean closed;

  /** One queued event: a data line, or a failure, or (both null) the end of the stream. */
  private static final class Event {
    final String data;
    final SilkException failure;

    Event(String data, SilkException failure) {
      this.data = data;
      this.failure = failure;
    }
  }

  SseStream(ClientCore core, ClientCore.Attempt attempt, Duration idleTimeout, Duration openTimeout) {
    this.attempt = attempt;
    this.reader = attempt.reader();
    this.idleTimeout = idleTimeout;
    this.openTimeout = openTimeout;
    OkHttpClient http = core.http.newBuilder()
        .readTimeout(idleTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
        .build();
    Request request = new Request.Builder()
        .url(core.baseUrl.resolve(NodeApi.SEALED_PATH))
        .post(NodeApi.envelope(attempt.sealed.envelope()))
        .header("Accept", "text/event-stream")
        .build();
    this.source = EventSources.createFactory(http).newEventSource(request, new Listener());
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
        e = Failures.fromStatus(attempt.node, response.code(), body);
      } else if (t instanceof IOException) {
        e = Failures.io((IOException) t);
      } else {
        e = new dev.silk.core.errors.SilkIoException("io", "stream failed", t);
      }
      if (opened.getCount() > 0) {
        openFailure = e;
        opened.countDown();
      }
      events.add(new Event(null, e));
    }
  }

  /** Waits for the answer's headers; throws the failure if the node refused before streaming. */
  void awaitOpen() {
    try {
      if (!opened.await(openTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SilkTimeoutException("timeout", "no answer within " + openTimeout, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.silk.core.errors.SilkIoException("cancelled", "interrupted", e);
    }
    if (openFailure != null) {
      throw openFailure;
    }
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty()) {
      if (receipt != null) {
        return false;
      }
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new IllegalStateException("stream closed");
      }
      try {
        take();
      } catch (SilkException e) {
        failure = e;
        source.cancel();
        throw e;
      }
    }
    return true;
  }

  private void take() {
    Event event;
    try {
      event = events.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.silk.core.errors.SilkIoException("cancelled", "interrupted", e);
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
    try {
      ResponseChunk chunk = reader.read(Base64.getDecoder().decode(event.data));
      pending.addAll(Mapping.chunks(new String(chunk.data(), StandardCharsets.UTF_8)));
      if (reader.isComplete()) {
        if (reader.nodeError() != null) {
          throw Failures.fromNodeError(reader.nodeError());
        }
        receipt = reader.receipt();
        source.cancel();
      }
    } catch (SilkCryptoException e) {
      throw Failures.verification(e);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("malformed", "stream event is not base64", e);
    } catch (IOException e) {
      throw new VerificationException("malformed", "stream chunk is not chat.completion.chunk JSON", e);
    }
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  @Override
  public SignedReceipt receipt() {
    if (receipt == null) {
      throw new IllegalStateException("the stream has not ended with a verified receipt");
    }
    return receipt;
  }

  @Override
  public void close() {
    closed = true;
    source.cancel();
  }
}
