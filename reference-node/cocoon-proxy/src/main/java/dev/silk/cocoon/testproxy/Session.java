package dev.silk.cocoon.testproxy;

import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.cocoon.CocoonIds;
import dev.silk.crypto.cocoon.Frames;
import dev.silk.crypto.cocoon.TlReader;
import dev.silk.crypto.cocoon.TlWriter;
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
    frames.write(new TlWriter().id(CocoonIds.TCP_PACKET).bytes(data).toByteArray());
  }

  void run() throws IOException {
    try {
      TlReader connect = new TlReader(frames.read());
      connect.id(CocoonIds.TCP_CONNECT);
      long id = connect.i64();
      connect.end();
      frames.write(new TlWriter().id(CocoonIds.TCP_CONNECTED).i64(id).toByteArray());
      while (true) {
        serve(new TlReader(frames.read()));
      }
    } catch (EOFException end) {
      // the client closed
    } catch (TlReader.TlException e) {
      throw new Frames.ProtocolViolation("TL from the client: " + e.getMessage());
    }
  }

  private void serve(TlReader in) throws IOException, TlReader.TlException {
    int id = in.id(CocoonIds.TCP_PING, CocoonIds.TCP_PONG, CocoonIds.TCP_QUERY, CocoonIds.TCP_PACKET);
    if (id == CocoonIds.TCP_PING) {
      long ping = in.i64();
      in.end();
      frames.write(new TlWriter().id(CocoonIds.TCP_PONG).i64(ping).toByteArray());
    } else if (id == CocoonIds.TCP_PONG) {
      in.i64();
      in.end();
    } else if (id == CocoonIds.TCP_QUERY) {
      long query = in.i64();
      byte[] data = in.bytes();
      in.end();
      try {
        frames.write(new TlWriter().id(CocoonIds.TCP_QUERY_ANSWER).i64(query).bytes(handler.query(this, data))
            .toByteArray());
      } catch (QueryFailure e) {
        frames.write(new TlWriter().id(CocoonIds.TCP_QUERY_ERROR).i64(query).i32(e.code).string(e.getMessage())
            .toByteArray());
      }
    } else {
      byte[] data = in.bytes();
      in.end();
      handler.message(this, data);
    }
  }
}
