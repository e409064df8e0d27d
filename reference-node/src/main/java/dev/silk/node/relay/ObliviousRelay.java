package dev.silk.node.relay;

import dev.silk.crypto.HttpBinding;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Oblivious HTTP relay (RFC 9458 §6.2) for Silk nodes acting as their own gateways: it takes a
 * {@code message/ohttp-req} at {@code POST /relay/<host:port>}, forwards its bytes to that
 * gateway's {@code /v1/ohttp} if the gateway is in its allow list, and returns the
 * {@code message/ohttp-res}; {@code GET /relay/<host:port>} returns the gateway's key
 * configuration. It forwards no header of the client's (no address, no cookie, no
 * user agent), adds none, follows no redirect, and logs neither bodies nor addresses: the node
 * sees the relay, never the client, and the relay sees sealed bytes only. Thread-safe.
 */
public final class ObliviousRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("relay");
  private static final MediaType REQUEST_TYPE = MediaType.get(HttpBinding.OHTTP_REQUEST_TYPE);
  private static final String PREFIX = "/relay/";

  private final Server server;
  private final OkHttpClient http;

  private ObliviousRelay(Server server, OkHttpClient http) {
    this.server = server;
    this.http = http;
  }

  /**
   * Starts a relay on {@code host:port} (0: a free port) that forwards to the gateways in
   * {@code allow} only (their base URLs).
   *
   * @param maxBodyBytes the largest request it forwards
   */
  public static ObliviousRelay start(String host, int port, List<URI> allow, int maxBodyBytes, Duration timeout)
      throws Exception {
    Map<String, URI> targets = new LinkedHashMap<>();
    for (URI gateway : allow) {
      if (gateway.getHost() == null || gateway.getPort() <= 0) {
        throw new IllegalArgumentException("a gateway is an absolute URL with a port: " + gateway);
      }
      targets.put(gateway.getHost() + ":" + gateway.getPort(), gateway);
    }
    OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
        .retryOnConnectionFailure(false).callTimeout(timeout).build();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ObliviousRelay relay = new ObliviousRelay(server, http);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        relay.forward(request, response, targets, maxBodyBytes);
        callback.succeeded();
        return true;
      }
    });
    server.start();
    LOG.info("OHTTP relay on {}:{}, forwarding to {} gateway(s) only", host, connector.getLocalPort(),
        targets.size());
    return relay;
  }

  /** The port it listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private void forward(Request request, Response response, Map<String, URI> targets, int maxBodyBytes)
      throws IOException {
    String path = Request.getPathInContext(request);
    URI gateway = path.startsWith(PREFIX) ? targets.get(path.substring(PREFIX.length())) : null;
    if (gateway == null || !("POST".equals(request.getMethod()) || "GET".equals(request.getMethod()))) {
      send(response, 404, "text/plain", "not a gateway this relay forwards to\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if ("GET".equals(request.getMethod())) {
      keys(gateway, response);
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !HttpBinding.OHTTP_REQUEST_TYPE.equals(type.trim())) {
      send(response, 415, "text/plain", "message/ohttp-req only\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(maxBodyBytes + 1);
    }
    if (body.length > maxBodyBytes) {
      send(response, 413, "text/plain", "too large\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    // A new request with the body alone: nothing of the client's request line or headers goes on.
    okhttp3.Request out = new okhttp3.Request.Builder().url(gateway.resolve("/" + HttpBinding.OHTTP).toString())
        .post(RequestBody.create(REQUEST_TYPE, body)).build();
    try (okhttp3.Response answer = http.newCall(out).execute()) {
      String answerType = answer.header("Content-Type");
      byte[] answerBody = answer.body() == null ? new byte[0] : answer.body().bytes();
      if (answer.code() == 200 && HttpBinding.OHTTP_RESPONSE_TYPE.equals(answerType)) {
        send(response, 200, HttpBinding.OHTTP_RESPONSE_TYPE, answerBody);
      } else {
        // The gateway's own refusal (a request that does not open): its status, no body of its own.
        send(response, answer.code() >= 400 && answer.code() < 500 ? answer.code() : 502, "text/plain",
            "the gateway refused the request\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      send(response, 502, "text/plain", "gateway unreachable\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * {@code GET /relay/<host:port>}: the gateway's key configuration ({@code application/ohttp-keys}),
   * fetched by the relay so that a client never contacts the node for it. The client trusts it
   * only once the node's signed descriptor, fetched through the relay, names the same key.
   */
  private void keys(URI gateway, Response response) throws IOException {
    okhttp3.Request out = new okhttp3.Request.Builder().url(gateway.resolve("/" + HttpBinding.OHTTP_KEYS).toString())
        .get().build();
    try (okhttp3.Response answer = http.newCall(out).execute()) {
      byte[] keys = answer.body() == null ? new byte[0] : answer.body().bytes();
      if (answer.code() == 200 && HttpBinding.OHTTP_KEYS_TYPE.equals(answer.header("Content-Type"))) {
        send(response, 200, HttpBinding.OHTTP_KEYS_TYPE, keys);
      } else {
        send(response, 502, "text/plain", "the gateway has no key configuration\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      send(response, 502, "text/plain", "gateway unreachable\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void send(Response response, int status, String type, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, ByteBuffer.wrap(body));
  }

  @Override
  public void close() throws Exception {
    server.stop();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
