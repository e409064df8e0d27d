package dev.silk.crypto.cocoon;

/**
 * COCOON's {@code tcp.*} layer ({@code net/TcpConnection.cpp}), one home for both sides: the
 * connection's opening ({@code tcp.connect}, {@code tcp.connected}), keep-alive pings, messages
 * ({@code tcp.packet}) and queries with their answers or errors. Each is one frame's TL.
 * Immutable.
 *
 * <pre>{@code
 * frames.write(TcpMessage.query(7, data).toTl());
 * TcpMessage m = TcpMessage.parse(frames.read());
 * }</pre>
 */
public final class TcpMessage {
  /** Which {@code tcp.*} constructor. */
  public enum Kind {
    CONNECT(CocoonIds.TCP_CONNECT), CONNECTED(CocoonIds.TCP_CONNECTED), PING(CocoonIds.TCP_PING),
    PONG(CocoonIds.TCP_PONG), PACKET(CocoonIds.TCP_PACKET), QUERY(CocoonIds.TCP_QUERY),
    QUERY_ANSWER(CocoonIds.TCP_QUERY_ANSWER), QUERY_ERROR(CocoonIds.TCP_QUERY_ERROR);

    final int id;

    Kind(int id) {
      this.id = id;
    }
  }

  public final Kind kind;
  /** The connection id, ping id or query id (0 for a packet). */
  public final long id;
  /** A packet's, query's or answer's data; null otherwise. */
  public final byte[] data;
  /** A query error's code and text. */
  public final int errorCode;
  public final String error;

  private TcpMessage(Kind kind, long id, byte[] data, int errorCode, String error) {
    this.kind = kind;
    this.id = id;
    this.data = data;
    this.errorCode = errorCode;
    this.error = error;
  }

  public static TcpMessage connect(long id) {
    return new TcpMessage(Kind.CONNECT, id, null, 0, null);
  }

  public static TcpMessage connected(long id) {
    return new TcpMessage(Kind.CONNECTED, id, null, 0, null);
  }

  public static TcpMessage ping(long id) {
    return new TcpMessage(Kind.PING, id, null, 0, null);
  }

  public static TcpMessage pong(long id) {
    return new TcpMessage(Kind.PONG, id, null, 0, null);
  }

  public static TcpMessage packet(byte[] data) {
    return new TcpMessage(Kind.PACKET, 0, data.clone(), 0, null);
  }

  public static TcpMessage query(long id, byte[] data) {
    return new TcpMessage(Kind.QUERY, id, data.clone(), 0, null);
  }

  public static TcpMessage answer(long id, byte[] data) {
    return new TcpMessage(Kind.QUERY_ANSWER, id, data.clone(), 0, null);
  }

  public static TcpMessage error(long id, int code, String error) {
    return new TcpMessage(Kind.QUERY_ERROR, id, null, code, error);
  }

  public byte[] toTl() {
    TlWriter out = new TlWriter().id(kind.id);
    if (kind != Kind.PACKET) {
      out.i64(id);
    }
    if (data != null) {
      out.bytes(data);
    }
    if (kind == Kind.QUERY_ERROR) {
      out.i32(errorCode).string(error);
    }
    return out.toByteArray();
  }

  /**
   * Reads one frame's TL as one of {@code expected} (any kind when none is given).
   *
   * @throws TlReader.TlException if it is none of them or does not parse
   */
  public static TcpMessage parse(byte[] tl, Kind... expected) throws TlReader.TlException {
    TlReader in = new TlReader(tl);
    Kind[] kinds = expected.length == 0 ? Kind.values() : expected;
    int[] ids = new int[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      ids[i] = kinds[i].id;
    }
    int id = in.id(ids);
    Kind kind = null;
    for (Kind k : kinds) {
      if (k.id == id) {
        kind = k;
      }
    }
    TcpMessage m;
    switch (kind) {
      case PACKET:
        m = packet(in.bytes());
        break;
      case QUERY:
        m = query(in.i64(), in.bytes());
        break;
      case QUERY_ANSWER:
        m = answer(in.i64(), in.bytes());
        break;
      case QUERY_ERROR:
        m = error(in.i64(), in.i32(), in.string());
        break;
      default:
        m = new TcpMessage(kind, in.i64(), null, 0, null);
    }
    in.end();
    return m;
  }
}
