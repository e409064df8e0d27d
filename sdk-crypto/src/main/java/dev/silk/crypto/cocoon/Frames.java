package dev.silk.crypto.cocoon;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * COCOON's framing inside the tunnel ({@code net/TcpConnection.cpp}): each frame is
 * {@code u32 length ‖ u32 seqno ‖ data}, little-endian, with 4 ≤ length ≤ 2^24 and seqnos
 * counting from 0 in each direction; a wrong seqno or length ends the connection. Reads and
 * writes are each serialized; the two may run at once.
 */
public final class Frames {
  public static final int MAX = 1 << 24;

  private final DataInputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();
  private int inSeqno;
  private int outSeqno;

  public Frames(InputStream in, OutputStream out) {
    this.in = new DataInputStream(in);
    this.out = out;
  }

  /** A frame of the peer's that breaks the framing rules. */
  public static final class ProtocolViolation extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String message) {
      super(message);
    }
  }

  public void write(byte[] data) throws IOException {
    if (data.length < 4 || data.length > MAX) {
      throw new IllegalArgumentException("a COCOON frame carries 4 to 2^24 bytes, not " + data.length);
    }
    byte[] header = new byte[8];
    synchronized (writeLock) {
      ProofOfWork.put32(header, 0, data.length);
      ProofOfWork.put32(header, 4, outSeqno);
      out.write(header);
      out.write(data);
      out.flush();
      outSeqno++;
    }
  }

  /**
   * The next frame's data.
   *
   * @throws EOFException if the connection ended between frames
   */
  public synchronized byte[] read() throws IOException {
    byte[] header = new byte[8];
    int first = in.read();
    if (first < 0) {
      throw new EOFException("the proxy closed the connection");
    }
    header[0] = (byte) first;
    in.readFully(header, 1, 7);
    int length = ProofOfWork.le32(header, 0);
    int seqno = ProofOfWork.le32(header, 4);
    if (length < 4 || length > MAX) {
      throw new ProtocolViolation("frame of " + (length & 0xFFFFFFFFL) + " bytes");
    }
    if (seqno != inSeqno) {
      throw new ProtocolViolation("frame seqno " + seqno + ", expected " + inSeqno);
    }
    inSeqno++;
    byte[] data = new byte[length];
    in.readFully(data);
    return data;
  }
}
