package dev.silk.cocoon.testproxy;

import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.cocoon.Frames;
import dev.silk.crypto.cocoon.TcpMessage;
import dev.silk.crypto.cocoon.TlReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * TEST DOUBLE: the server side of COCOON's {@code tcp.*} layer for one connection, as COCOON's
 * {@code TcpConnection} runs it when not a client: {@code tcp.connect} answered by
 * {@code tcp.connected} with the same id, pings answered, queries and messages handed to a
 * {@link Handler}. Runs on the connection's thread; {@link #send} may be called from others.
 */
public final class Session {
  /** What the session protocol answers; implementations are called on the connection's thread. */
  public interface Handler {
    /**
     * Answers a {@code tcp.query}'s data.
     *
     * @throws QueryFailure to answer {@code tcp.queryError}
     */
    byte[] query(Session session, byte[] data) throws QueryFailure;

    /** Takes a {@code tcp.packet}'s data (a message); may {@link #send} answers. */
    void message(Session session, byte[] data) throws IOException;
  }

  /** A query answered with {@code tcp.queryError}. */
  public static final class QueryFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    public QueryFailure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private final Frames frames;
  private final RaTlsPeer client;
  private final Handler handler;

  Session(InputStream in, OutputStream out, RaTlsPeer client, Handler handler) {
    this.frames = new Frames(in, out);
    this.client = client;
    this.handler = handler;
  }

  /** The client's certificate as checked at the handshake, or null behind the router. */
  public RaTlsPeer client() {
    return client;
  }

  /** Sends a message ({@code tcp.packet}) to the client. */
  public void send(byte[] data) throws IOException {
    frames.write(TcpMessage.packet(data).toTl());
  }

  void run() throws IOException {
    try {
      long id = TcpMessage.parse(frames.read(), TcpMessage.Kind.CONNECT).id;
      frames.write(TcpMessage.connected(id).toTl());
      while (true) {
        serve(TcpMessage.parse(frames.read(), TcpMessage.Kind.PING, TcpMessage.Kind.PONG, TcpMessage.Kind.QUERY,
            TcpMessage.Kind.PACKET));
      }
    } catch (EOFException end) {
      // the client closed
    } catch (TlReader.TlException e) {
      throw new Frames.ProtocolViolation("TL from the client: " + e.getMessage());
    }
  }

  private void serve(TcpMessage m) throws IOException {
    if (m.kind == TcpMessage.Kind.PING) {
      frames.write(TcpMessage.pong(m.id).toTl());
    } else if (m.kind == TcpMessage.Kind.QUERY) {
      try {
        frames.write(TcpMessage.answer(m.id, handler.query(this, m.data)).toTl());
      } catch (QueryFailure e) {
        frames.write(TcpMessage.error(m.id, e.code, e.getMessage()).toTl());
      }
    } else if (m.kind == TcpMessage.Kind.PACKET) {
      handler.message(this, m.data);
    }
  }
}
