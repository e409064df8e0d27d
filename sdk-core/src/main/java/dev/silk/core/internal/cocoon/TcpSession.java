package dev.silk.core.internal.cocoon;

import dev.silk.crypto.cocoon.Frames;
import dev.silk.crypto.cocoon.TcpMessage;
import dev.silk.crypto.cocoon.TlReader;
import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * COCOON's {@code tcp.*} layer over {@link Frames} ({@code net/TcpConnection.cpp}): the client
 * sends {@code tcp.connect} and waits for {@code tcp.connected} with the same id; then queries
 * ({@code tcp.query} answered by {@code tcp.queryAnswer} or {@code tcp.queryError}, matched by
 * id), messages ({@code tcp.packet}, handed to the listener), and {@code tcp.ping} answered
 * with {@code tcp.pong}. One reader thread per session; sending is thread-safe.
 */
final class TcpSession implements Closeable {
  private static final Logger LOG = Logger.getLogger(TcpSession.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Frames frames;
  private final Closeable transport;
  private final Consumer<byte[]> messages;
  private final Consumer<IOException> failed;
  private final Map<Long, CompletableFuture<byte[]>> queries = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile IOException failure;

  /** A query the proxy answered with {@code tcp.queryError}. */
  static final class QueryError extends IOException {
    private static final long serialVersionUID = 1L;
    final int code;

    QueryError(int code, String message) {
      super("proxy error " + code + ": " + message);
      this.code = code;
    }
  }

  private TcpSession(Frames frames, Closeable transport, Consumer<byte[]> messages, Consumer<IOException> failed) {
    this.frames = frames;
    this.transport = transport;
    this.messages = messages;
    this.failed = failed;
    this.reader = new Thread(this::readLoop, "silk-cocoon-reader");
    reader.setDaemon(true);
  }

  /**
   * Runs the {@code tcp.connect} handshake and starts reading.
   *
   * @param messages receives each {@code tcp.packet}'s data, on the reader thread
   * @param failed learns once that the session ended (a failure, or {@link #close})
   */
  static TcpSession open(Frames frames, Closeable transport, Consumer<byte[]> messages, Consumer<IOException> failed)
      throws IOException {
    TcpSession session = new TcpSession(frames, transport, messages, failed);
    long id = RANDOM.nextLong();
    frames.write(TcpMessage.connect(id).toTl());
    try {
      if (TcpMessage.parse(frames.read(), TcpMessage.Kind.CONNECTED).id != id) {
        throw new Frames.ProtocolViolation("tcp.connected for another connection id");
      }
    } catch (TlReader.TlException e) {
      throw new Frames.ProtocolViolation("handshake answer: " + e.getMessage());
    }
    session.reader.start();
    return session;
  }

  /** Sends {@code data} as a {@code tcp.query} and waits for its answer. */
  byte[] query(byte[] data, long timeoutMillis) throws IOException {
    long id = RANDOM.nextLong();
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    queries.put(id, answer);
    try {
      checkOpen();
      frames.write(TcpMessage.query(id, data).toTl());
      return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new java.net.SocketTimeoutException("the proxy did not answer within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for the proxy");
    } finally {
      queries.remove(id);
    }
  }

  /** Sends {@code data} as a {@code tcp.packet} (a message: queries of the session protocol). */
  void send(byte[] data) throws IOException {
    checkOpen();
    frames.write(TcpMessage.packet(data).toTl());
  }

  /** Sends a {@code tcp.ping}; the reader drops the pong. Keeps an idle connection alive. */
  void ping() throws IOException {
    checkOpen();
    frames.write(TcpMessage.ping(RANDOM.nextLong()).toTl());
  }

  boolean isOpen() {
    return failure == null;
  }

  private void checkOpen() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("the connection to the proxy is closed: " + f.getMessage(), f);
    }
  }

  private void readLoop() {
    try {
      while (true) {
        dispatch(TcpMessage.parse(frames.read()));
      }
    } catch (IOException e) {
      fail(e);
    } catch (TlReader.TlException e) {
      fail(new Frames.ProtocolViolation("TL from the proxy: " + e.getMessage()));
    }
  }

  private void dispatch(TcpMessage m) throws IOException {
    switch (m.kind) {
      case PING:
        frames.write(TcpMessage.pong(m.id).toTl());
        break;
      case PACKET:
        messages.accept(m.data);
        break;
      case QUERY_ANSWER:
      case QUERY_ERROR:
        CompletableFuture<byte[]> pending = queries.get(m.id);
        if (pending != null && m.kind == TcpMessage.Kind.QUERY_ANSWER) {
          pending.complete(m.data);
        } else if (pending != null) {
          pending.completeExceptionally(new QueryError(m.errorCode, m.error));
        }
        break;
      case QUERY:
        // A proxy does not query its clients; COCOON's client answers none either.
        LOG.fine("Silk: dropped a query from the COCOON proxy");
        break;
      case PONG:
        break;
      default:
        throw new Frames.ProtocolViolation("a " + m.kind + " in the middle of a session");
    }
  }


  private synchronized void fail(IOException e) {
    if (failure != null) {
      return;
    }
    failure = e;
    failed.accept(e);
    for (CompletableFuture<byte[]> pending : queries.values()) {
      pending.completeExceptionally(e);
    }
    try {
      transport.close();
    } catch (IOException ignored) {
      // closing after a failure
    }
  }

  @Override
  public void close() throws IOException {
    fail(new IOException("closed"));
  }
}
