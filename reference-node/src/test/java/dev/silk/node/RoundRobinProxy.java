package dev.silk.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on loopback for tests: each accepted connection goes to the next backend
 * port in turn, skipping one that refuses the connection (a killed replica), the way a layer-4
 * balancer with connect-time health checks behaves. A test double for an operator's balancer.
 */
final class RoundRobinProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  RoundRobinProxy(List<Integer> backendPorts) throws IOException {
    this.backends = backendPorts;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "round-robin-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      Socket upstream = connect();
      if (upstream == null) {
        FreezableProxy.closeQuietly(client);
        continue;
      }
      sockets.add(client);
      sockets.add(upstream);
      FreezableProxy.pump(client, upstream, "round-robin-pipe", () -> { });
      FreezableProxy.pump(upstream, client, "round-robin-pipe", () -> { });
    }
  }

  private Socket connect() {
    for (int tries = 0; tries < backends.size(); tries++) {
      int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      try {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
      } catch (IOException refused) {
        // that backend is down: the next one
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    sockets.forEach(FreezableProxy::closeQuietly);
  }
}
