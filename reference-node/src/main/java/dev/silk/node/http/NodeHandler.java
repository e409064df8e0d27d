package dev.silk.node.http;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.ohttp.ObliviousGateway;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.FaultSwitch;
import dev.silk.node.NodeConfig;
import dev.silk.node.model.ModelBackend;
import dev.silk.node.payment.Countersigner;
import dev.silk.node.payment.PaymentDesk;
import dev.silk.node.registry.Registry;
import dev.silk.node.replay.ReplayGuard;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API (spec-v1 §10). A request body is read in full (size cap, deadline, no
 * thread held while it arrives) before the request takes an in-flight permit; limits apply
 * before any crypto; failures before decryption get a signed error with an HTTP status; failures
 * after it get a signed error sealed inside the answer. Logs name requests by a short id prefix
 * and never contain content or any sealed field.
 */
public final class NodeHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");
  private static final String SEALED_PATH = "/" + HttpBinding.SEALED_CHAT;
  private static final String PLAIN_PATH = "/" + HttpBinding.PLAIN_CHAT;
  private static final String OHTTP_PATH = "/" + HttpBinding.OHTTP;
  private static final String NODE_PATH = "/" + HttpBinding.NODE;
  private static final String MODELS_PATH = "/" + HttpBinding.MODELS;
  private static final String OHTTP_KEYS_PATH = "/" + HttpBinding.OHTTP_KEYS;
  /** The OHTTP header, key and tag, and the Binary HTTP framing around an envelope. */
  private static final int OHTTP_OVERHEAD = 4096;
  private static final String STATUS_PATH = "/" + HttpBinding.CHANNEL_STATUS;
  private static final String CLOSE_PATH = "/" + HttpBinding.CHANNEL_CLOSE;
  private static final String COMMIT_PATH = "/" + HttpBinding.CHANNEL_COMMIT;
  private static final String ANNOUNCE_PATH = "/" + HttpBinding.REGISTRY_ANNOUNCE;
  private static final String REGISTRY_PATH = "/" + HttpBinding.REGISTRY;

  private final NodeConfig config;
  private final AtomicReference<NodeState> state;
  private final ModelBackend model;
  private final ReplayGuard replay;
  private final PrometheusMeterRegistry metrics;
  private final PaymentDesk payments;
  private final Registry registry;
  private final Replies replies;
  private final BodyReader bodies;
  private final ChatRoute chat;
  private final ChannelRoutes channelRoutes;
  /** The Oblivious HTTP gateway, or null. */
  private final ObliviousRoute oblivious;

  /**
   * @param payments the {@code ton-channel} desk, or null for a node in the explicit {@code free} mode
   * @param countersigner countersigns cooperative closes and commits (with {@code payments}), or null
   * @param registry the registry role, or null
   * @param faults the failures to fake (testing only; normally none)
   */
  public NodeHandler(NodeConfig config, SigningPrivateKey signingKey, AtomicReference<NodeState> state,
      ModelBackend model, ReplayGuard replay, ExecutorService generators, Clock clock,
      PrometheusMeterRegistry metrics, PaymentDesk payments, Countersigner countersigner,
      Registry registry, FaultSwitch faults, ObliviousGateway gateway) {
    this.config = config;
    this.state = state;
    this.model = model;
    this.replay = replay;
    this.metrics = metrics;
    this.payments = payments;
    this.registry = registry;
    this.replies = new Replies(signingKey, clock);
    this.bodies = new BodyReader(config.limits().bodyDeadline(), config.limits().minBodyBytesPerSecond());
    this.chat = new ChatRoute(config, signingKey, state, model, replay, generators, clock, metrics, payments,
        faults, replies);
    this.channelRoutes = new ChannelRoutes(payments, countersigner, registry, replies);
    this.oblivious = gateway == null ? null : new ObliviousRoute(gateway, this::throughGateway);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    try {
      if ("GET".equals(method)) {
        get(path, response);
        callback.succeeded();
      } else if ("POST".equals(method) && SEALED_PATH.equals(path)) {
        withBody(request, response, callback, config.limits().maxBodyBytes(), body -> chat.sealed(body, response));
      } else if ("POST".equals(method) && oblivious != null && OHTTP_PATH.equals(path)) {
        withBody(request, response, callback, config.limits().maxBodyBytes() + OHTTP_OVERHEAD,
            body -> oblivious.serve(body, response));
      } else if ("POST".equals(method) && payments != null && STATUS_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.status(body, response));
      } else if ("POST".equals(method) && payments != null && CLOSE_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.cooperative(body, response, true));
      } else if ("POST".equals(method) && payments != null && COMMIT_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.cooperative(body, response, false));
      } else if ("POST".equals(method) && registry != null && ANNOUNCE_PATH.equals(path)) {
        withBody(request, response, callback, SignedFrame.MAX_BODY + 4096, body -> channelRoutes.announce(body, response));
      } else if ("POST".equals(method) && config.benchmarkPlainEndpoint() && PLAIN_PATH.equals(path)) {
        withBody(request, response, callback, config.limits().maxBodyBytes(), body -> chat.plain(body, response));
      } else {
        notFound(response);
        callback.succeeded();
      }
    } catch (Throwable t) {
      failed(t, callback);
    }
    return true;
  }

  private void get(String path, Response response) throws IOException {
    if (("/" + HttpBinding.HEALTH).equals(path)) {
      Replies.send(response, 200, "application/json", ("{\"status\":\"ok\",\"node_id\":\""
          + state.get().descriptor.nodeId().toHex() + "\"}").getBytes(StandardCharsets.UTF_8));
    } else if (("/" + HttpBinding.HEALTH_READY).equals(path)) {
      boolean ready = replay.healthy() && (payments == null || payments.healthy());
      Replies.send(response, ready ? 200 : 503, "application/json", (ready ? "{\"status\":\"ready\"}"
          : "{\"status\":\"not_ready\",\"reason\":\"storage failing\"}").getBytes(StandardCharsets.UTF_8));
    } else if (NODE_PATH.equals(path)) {
      Replies.send(response, 200, HttpBinding.DESCRIPTOR_TYPE, state.get().descriptor.toBytes());
    } else if ("/metrics".equals(path)) {
      Replies.send(response, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
    } else if (MODELS_PATH.equals(path)) {
      Replies.send(response, 200, "application/json", AnswerJson.models(model.model()));
    } else if (OHTTP_KEYS_PATH.equals(path) && oblivious != null) {
      oblivious.keys(response);
    } else if (REGISTRY_PATH.equals(path) && registry != null) {
      Replies.send(response, 200, HttpBinding.REGISTRY_LIST_TYPE, registry.list().toBytes());
    } else {
      notFound(response);
    }
  }

  /**
   * The routes a client reaches through the OHTTP gateway (spec §15): what a client needs to
   * verify the node, ask and pay, and nothing operational (metrics, health, registry, plain).
   */
  private boolean throughGateway(String method, String path, byte[] body, Response response) throws IOException {
    if ("GET".equals(method) && (NODE_PATH.equals(path) || MODELS_PATH.equals(path))) {
      get(path, response);
    } else if ("POST".equals(method) && SEALED_PATH.equals(path)) {
      chat.sealed(body, response);
    } else if ("POST".equals(method) && payments != null && STATUS_PATH.equals(path)) {
      channelRoutes.status(body, response);
    } else if ("POST".equals(method) && payments != null && (CLOSE_PATH.equals(path) || COMMIT_PATH.equals(path))) {
      channelRoutes.cooperative(body, response, CLOSE_PATH.equals(path));
    } else {
      return false;
    }
    return true;
  }

  private static void notFound(Response response) throws IOException {
    Replies.send(response, 404, "application/json", "{\"error\":\"not_found\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** What is done with a request's body once it has arrived in full. */
  private interface BodyHandler {
    void handle(byte[] body) throws IOException;
  }

  /**
   * Reads the body (without holding a thread while it arrives), then runs {@code then} on a
   * server thread. A body over {@code max} gets 413, one that misses the deadline 408; either
   * way, unsigned and without detail, and the connection is closed.
   */
  private void withBody(Request request, Response response, Callback callback, int max, BodyHandler then) {
    CompletableFuture<byte[]> body = bodies.read(request, max);
    Runnable next = () -> {
      try {
        byte[] bytes;
        try {
          bytes = body.join();
        } catch (java.util.concurrent.CompletionException e) {
          bodyFailed(e.getCause(), response, callback);
          return;
        }
        then.handle(bytes);
        callback.succeeded();
      } catch (Throwable t) {
        failed(t, callback);
      }
    };
    if (body.isDone()) {
      next.run(); // the body was already here: no hand-off
    } else {
      body.whenComplete((b, f) -> request.getComponents().getExecutor().execute(next));
    }
  }

  private void bodyFailed(Throwable failure, Response response, Callback callback) throws IOException {
    int status = failure instanceof BodyReader.TooLarge ? 413 : tooSlow(failure) ? 408 : 400;
    chat.count("rejected_body_" + status);
    if (response.isCommitted()) {
      callback.failed(failure);
      return;
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (status == 413) {
      replies.refuse(response, 413, ErrorCode.MALFORMED, Duration.ZERO, "body larger than the node's limit");
    } else {
      Replies.send(response, status, "application/json", ("{\"error\":\"" + (status == 408 ? "body_timeout"
          : "bad_body") + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    callback.succeeded();
  }

  /** Our deadline or pace, or Jetty's idle timeout, however Jetty wraps them. */
  private static boolean tooSlow(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || (t instanceof org.eclipse.jetty.http.BadMessageException
              && ((org.eclipse.jetty.http.BadMessageException) t).getCode() == 408)) {
        return true;
      }
    }
    return false;
  }

  private static void failed(Throwable t, Callback callback) {
    if (t instanceof EofException) {
      // A caller stopping a stream is routine: per request, so with the request lines.
      ChatRoute.REQUESTS.debug("client went away before the answer was written");
    } else {
      // Never a stack trace to the client; the log names the failure, not the content.
      LOG.warn("request failed: {}", t.getClass().getSimpleName());
    }
    callback.failed(t);
  }
}
