package dev.silk.node.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while it arrives, within a size cap, a deadline
 * and a minimum pace: a client that trickles bytes keeps neither a thread nor an in-flight permit,
 * and is cut off once, past a one-second grace, its body arrives slower than the minimum rate (or
 * at the deadline, if nothing arrives at all). A body that ends in the chunk being read is never
 * cut for its pace.
 */
final class BodyReader {
  /** The body was larger than the cap. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body too large", null, false, false);
    }
  }

  static final Duration GRACE = Duration.ofSeconds(1);

  private final Duration deadline;
  private final long minBytesPerSecond;

  BodyReader(Duration deadline, long minBytesPerSecond) {
    this.deadline = deadline;
    this.minBytesPerSecond = minBytesPerSecond;
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
    Content.Source.asByteArrayAsync(minBytesPerSecond > 0 ? new Paced(request) : request, max)
        .whenComplete((bytes, failure) -> {
      timer.cancel();
      if (failure == null) {
        body.complete(bytes);
      } else {
        body.completeExceptionally(request.getLength() > max || isTooLarge(failure) ? new TooLarge() : failure);
      }
    });
    return body;
  }

  /** The request, read at no less than the minimum rate. */
  private final class Paced extends Request.Wrapper {
    private final long start = System.nanoTime();
    private long bytes;

    Paced(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk == null || Content.Chunk.isFailure(chunk)) {
        return chunk;
      }
      bytes += chunk.remaining();
      long elapsed = System.nanoTime() - start;
      boolean whole = chunk.isLast() || (getLength() >= 0 && bytes >= getLength());
      if (!whole && elapsed > GRACE.toNanos() && bytes * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
        chunk.release();
        return Content.Chunk.from(new TimeoutException("body slower than " + minBytesPerSecond + " bytes/s"));
      }
      return chunk;
    }
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
