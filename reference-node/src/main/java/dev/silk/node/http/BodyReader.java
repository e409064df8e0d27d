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
 * cut for its pace. An oversized body of declared length up to {@link #DRAIN_LIMIT} is read and
 * discarded before it is refused, so the client hears why.
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
    long length = request.getLength();
    if (length > max + DRAIN_LIMIT) {
      body.completeExceptionally(new TooLarge());
      return body;
    }
    Scheduler.Task timer = request.getComponents().getScheduler().schedule(
        () -> request.fail(new TimeoutException("body deadline")), deadline.toMillis(), TimeUnit.MILLISECONDS);
    Content.Source source = minBytesPerSecond > 0 ? new Paced(request) : request;
    Runnable tooLarge = () -> {
      timer.cancel();
      body.completeExceptionally(new TooLarge());
    };
    if (length > max) {
      // Read and discard it, so that a client still writing gets the 413 rather than a reset.
      new Drain(source, length, tooLarge).run();
      return body;
    }
    Content.Source.asByteArrayAsync(source, max).whenComplete((bytes, failure) -> {
      if (failure == null) {
        timer.cancel();
        body.complete(bytes);
      } else if (isTooLarge(failure)) {
        tooLarge.run();
      } else {
        timer.cancel();
        body.completeExceptionally(failure);
      }
    });
    return body;
  }

  /**
   * The most of an oversized body of declared length the node reads and discards before its 413
   * (within the same deadline and pace); a longer declared body is refused at once.
   */
  static final long DRAIN_LIMIT = 16L << 20;

  /** Reads a source to its end (or failure) without keeping anything, then runs {@code done}. */
  private static final class Drain implements Runnable {
    private final Content.Source source;
    private final Runnable done;
    private long left;

    Drain(Content.Source source, long length, Runnable done) {
      this.source = source;
      this.left = length;
      this.done = done;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = source.read();
        if (chunk == null) {
          source.demand(this);
          return;
        }
        boolean end = Content.Chunk.isFailure(chunk) || chunk.isLast();
        left -= chunk.remaining();
        chunk.release();
        if (end || left <= 0) {
          done.run();
          return;
        }
      }
    }
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
