package dev.silk.node.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while it arrives, within a size cap and a
 * deadline: a client that trickles bytes keeps neither a thread nor an in-flight permit, and is
 * cut off at the deadline (the connector's minimum data rate cuts it earlier).
 */
final class BodyReader {
  /** The body was larger than the cap. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body too large", null, false, false);
    }
  }

  private final Duration deadline;

  BodyReader(Duration deadline) {
    this.deadline = deadline;
  }

  /** The whole body, or a failure: {@link TooLarge}, {@link TimeoutException}, or the connection's. */
  CompletableFuture<byte[]> read(Request request, int max) {
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    if (request.getLength() > max) {
      body.completeExceptionally(new TooLarge());
      return body;
    }
    Scheduler.Task timer = request.getComponents().getScheduler().schedule(
        () -> request.fail(new TimeoutException("body deadline")), deadline.toMillis(), TimeUnit.MILLISECONDS);
    Content.Source.asByteArrayAsync(request, max).whenComplete((bytes, failure) -> {
      timer.cancel();
      if (failure == null) {
        body.complete(bytes);
      } else {
        body.completeExceptionally(request.getLength() > max || isTooLarge(failure) ? new TooLarge() : failure);
      }
    });
    return body;
  }

  private static boolean isTooLarge(Throwable failure) {
    // Jetty refuses content beyond the cap with an IllegalArgumentException (or wrapped in one).
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }
}
