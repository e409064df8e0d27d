package dev.silk.node.http;

import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node stops: it closes its listening sockets at once (a balancer moves on), refuses new
 * requests on open connections, lets the requests it holds finish within the drain timeout, then
 * stops and cuts whatever is left, idle keep-alive connections included. Jetty's own graceful
 * stop waits for idle HTTP/1.1 connections too and throws when its timeout passes; this waits for
 * requests only. Thread-safe.
 */
public final class GracefulStop {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");

  private final GracefulHandler requests;
  private final Duration drain;

  private GracefulStop(GracefulHandler requests, Duration drain) {
    this.requests = requests;
    this.drain = drain;
  }

  /** Counts {@code handler}'s requests in flight so that {@link #stop} can wait for them. */
  public static GracefulStop install(Server server, Handler handler, Duration drain) {
    GracefulHandler requests = new GracefulHandler(handler);
    server.setHandler(requests);
    server.setStopTimeout(0); // the drain happens in stop(), before Jetty's own stop
    return new GracefulStop(requests, drain);
  }

  /** Drains, then stops {@code server}. */
  public void stop(Server server) throws Exception {
    long deadline = System.nanoTime() + drain.toNanos();
    if (!drain.isZero()) {
      for (Connector connector : server.getConnectors()) {
        if (connector instanceof Graceful) {
          ((Graceful) connector).shutdown(); // stops accepting; not waited for
        }
      }
      requests.shutdown(); // new requests on open connections: 503
      while (requests.getCurrentRequestCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (requests.getCurrentRequestCount() > 0) {
        LOG.warn("stopping with {} requests still in flight after the {} s drain", requests.getCurrentRequestCount(),
            drain.getSeconds());
      }
    }
    server.stop();
  }
}
