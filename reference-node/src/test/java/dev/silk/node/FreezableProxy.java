package dev.silk.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a server (the fake chain's TON Center API, here) that can be
 * frozen: while frozen it accepts connections and reads requests but passes nothing on, the way a
 * stalled upstream looks to its caller. A test double for a network fault, nothing more.
 */
final class FreezableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  FreezableProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "freezable-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:port} of the proxy. */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Rewrites {@code upstreamUrl}'s port to the proxy's. */
  String urlFor(String upstreamUrl) {
    return upstreamUrl.replace(":" + upstreamPort, ":" + server.getLocalPort());
  }

  void freeze() {
    frozen = true;
  }

  void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    pump(from, to, "freezable-proxy-pump", this::waitWhileFrozen);
  }

  /** What a pump does before passing bytes on (waits while frozen, or nothing). */
  interface Gate {
    void pass() throws InterruptedException;
  }

  /** Copies {@code from} to {@code to} on a daemon thread until either side closes, then closes both. */
  static void pump(Socket from, Socket to, String threadName, Gate gate) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          gate.pass();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed: the other follows
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
  }

  private void waitWhileFrozen() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait(100);
      }
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    thaw();
    server.close();
    sockets.forEach(FreezableProxy::closeQuietly);
  }
}
