package dev.silk.node.http;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.NodeLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of Jetty that keep a node available and quiet: a limit on connections, an idle
 * timeout (request bodies' pace is {@link BodyReader}'s), a per-address request rate on the POST endpoints (answered with the node's
 * signed 429), no {@code Server} header, and error pages that say nothing about the server.
 */
public final class ServerGuard {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");

  private ServerGuard() {}

  /** HTTP settings for every connector: no version header, an idle timeout of the body deadline. */
  public static HttpConfiguration httpConfiguration(NodeLimits limits) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(limits.bodyDeadline().toMillis());
    return http;
  }

  /**
   * HTTP/2 settings for both HTTP/2 connectors. Jetty's rapid-reset guard closes a connection that
   * sends more than 128 stream resets (and similar frames) a second; a client cancels a stream
   * with one reset, and OkHttp carries all of an app's requests to a node on one connection, so a
   * busy backend whose users stop answers would lose that connection, and every request on it.
   * The guard's threshold is raised to four events per admitted request (at least 1,024 a
   * second): resets beyond what the node admits are still a flood and still closed.
   */
  public static <F extends AbstractHTTP2ServerConnectionFactory> F http2(F factory, NodeLimits limits) {
    int perSecond = (int) Math.min(Integer.MAX_VALUE, Math.max(1024, 4 * limits.rateLimitPerSecond()));
    try {
      Http2ResetGuard.allow(factory, perSecond);
    } catch (LinkageError olderJetty) {
      // Jetty moved RateControl between 12.1 releases (Spring Boot 4.0.7 manages 12.1.10, where the
      // setter takes another type): there, Jetty's own threshold stays.
      LOG.warn("HTTP/2 stream-reset guard left at Jetty's default (128 a second): this Jetty predates 12.1.14");
    }
    return factory;
  }

  /** Installs the connection limit and the quiet error handler, and returns {@code handler} behind the per-address rate. */
  public static Handler install(Server server, Handler handler, NodeLimits limits, SigningPrivateKey signingKey,
      Clock clock) {
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
    server.setErrorHandler(new QuietErrorHandler());
    Replies replies = new Replies(signingKey, clock);
    DoSHandler perAddress = new DoSHandler(handler, DoSHandler.ID_FROM_REMOTE_ADDRESS,
        new DoSHandler.LeakingBucketTrackerFactory(limits.rateLimitPerClient()),
        (request, response, callback) -> {
          replies.refuse(response, 429, ErrorCode.RATE_LIMITED, Duration.ofSeconds(1), "rate limit for this address");
          callback.succeeded();
          return true;
        }, 100_000);
    perAddress.includeMethod("POST");
    return perAddress;
  }

  /**
   * Behind a PROXY-protocol balancer: refuses (421, a signed refusal, the connection closed) a
   * POST on a connection that did not start with the header. Jetty serves such a connection under
   * its own address; requests must come through the balancer, whose header names the client that
   * per-client limits count. GETs (descriptor, health, metrics) stay open to direct probes.
   */
  public static Handler requireProxyHeader(Handler handler, SigningPrivateKey signingKey, Clock clock) {
    Replies replies = new Replies(signingKey, clock);
    return new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod()) || request.getConnectionMetaData().getConnection().getEndPoint()
            instanceof org.eclipse.jetty.server.ProxyConnectionFactory.ProxyEndPoint) {
          return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        replies.refuse(response, 421, ErrorCode.MALFORMED, Duration.ZERO, "connect through the balancer");
        callback.succeeded();
        return true;
      }
    };
  }

  /** Error pages with the status only: no message, no cause, no server name, no HTML. */
  private static final class QuietErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() >= 400 ? response.getStatus() : 500;
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, java.nio.ByteBuffer.wrap(("{\"error\":\"http_" + status + "\"}")
          .getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }

    @Override
    public java.nio.ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return java.nio.ByteBuffer.wrap(("{\"error\":\"http_" + status + "\"}").getBytes(StandardCharsets.UTF_8));
    }
  }
}
