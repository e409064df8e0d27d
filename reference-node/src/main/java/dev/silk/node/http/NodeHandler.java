package dev.silk.node.http;

import dev.silk.core.json.ChatJson;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.FaultSwitch;
import dev.silk.node.NodeConfig;
import dev.silk.node.model.Answer;
import dev.silk.node.model.ModelBackend;
import dev.silk.node.payment.Countersigner;
import dev.silk.node.payment.PaymentDesk;
import dev.silk.node.registry.Registry;
import dev.silk.node.registry.RegistryPaths;
import dev.silk.node.replay.ReplayGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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
  static final String SEALED_PATH = "/v1/sealed/chat/completions";
  static final String PLAIN_PATH = "/v1/plain/chat/completions";
  static final String STATUS_PATH = "/v1/channel/status";
  static final String CLOSE_PATH = "/v1/channel/close";
  static final String COMMIT_PATH = "/v1/channel/commit";
  private static final String CHUNK_TYPE = "application/vnd.silk.chunk";
  private static final String ERROR_TYPE = "application/vnd.silk.error";
  /** Coalesced stream chunks are flushed once their data reaches this size (below one padding block). */
  private static final int FLUSH_BYTES = 224;

  private final NodeConfig config;
  private final SigningPrivateKey signingKey;
  private final AtomicReference<NodeState> state;
  private final ModelBackend model;
  private final ReplayGuard replay;
  private final Limits limits;
  private final ExecutorService generators;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final Timer latency;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final PaymentDesk payments;
  private final Registry registry;
  private final FaultSwitch faults;
  private final Replies replies;
  private final BodyReader bodies;
  private final ChannelRoutes channelRoutes;

  /**
   * @param payments the {@code ton-channel} desk, or null for a node in the explicit {@code free} mode
   * @param countersigner countersigns cooperative closes and commits (with {@code payments}), or null
   * @param registry the registry role, or null
   * @param faults the failures to fake (testing only; normally none)
   */
  public NodeHandler(NodeConfig config, SigningPrivateKey signingKey, AtomicReference<NodeState> state,
      ModelBackend model, ReplayGuard replay, ExecutorService generators, Clock clock,
      PrometheusMeterRegistry metrics, PaymentDesk payments, Countersigner countersigner,
      Registry registry, FaultSwitch faults) {
    this.registry = registry;
    this.faults = faults;
    this.replies = new Replies(signingKey, clock);
    this.bodies = new BodyReader(config.limits().bodyDeadline(), config.limits().minBodyBytesPerSecond());
    this.channelRoutes = new ChannelRoutes(payments, countersigner, registry, replies);
    this.payments = payments;
    this.config = config;
    this.signingKey = signingKey;
    this.state = state;
    this.model = model;
    this.replay = replay;
    this.limits = new Limits(config.limits().rateLimitPerSecond(), config.limits().maxInFlight());
    this.generators = generators;
    this.clock = clock;
    this.metrics = metrics;
    this.latency = Timer.builder("silk.sealed.request").description("Sealed requests, decryption to last byte")
        .register(metrics);
    metrics.gauge("silk.requests.in.flight", inFlight);
  }

  /** Counts a sealed request by outcome (answered, streamed, refused_CODE, rejected_CODE, ...). */
  private void count(String outcome) {
    Counter.builder("silk.sealed.requests").tag("outcome", outcome).register(metrics).increment();
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
        withBody(request, response, callback, config.limits().maxBodyBytes(), body -> sealed(body, response));
      } else if ("POST".equals(method) && payments != null && STATUS_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.status(body, response));
      } else if ("POST".equals(method) && payments != null && CLOSE_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.cooperative(body, response, true));
      } else if ("POST".equals(method) && payments != null && COMMIT_PATH.equals(path)) {
        withBody(request, response, callback, 1024, body -> channelRoutes.cooperative(body, response, false));
      } else if ("POST".equals(method) && registry != null && RegistryPaths.ANNOUNCE.equals(path)) {
        withBody(request, response, callback, SignedFrame.MAX_BODY + 4096, body -> channelRoutes.announce(body, response));
      } else if ("POST".equals(method) && config.benchmarkPlainEndpoint() && PLAIN_PATH.equals(path)) {
        withBody(request, response, callback, config.limits().maxBodyBytes(), body -> plain(body, response));
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
    if ("/health".equals(path)) {
      Replies.send(response, 200, "application/json", ("{\"status\":\"ok\",\"node_id\":\""
          + state.get().descriptor.nodeId().toHex() + "\"}").getBytes(StandardCharsets.UTF_8));
    } else if ("/health/ready".equals(path)) {
      boolean ready = replay.healthy() && (payments == null || payments.healthy());
      Replies.send(response, ready ? 200 : 503, "application/json", (ready ? "{\"status\":\"ready\"}"
          : "{\"status\":\"not_ready\",\"reason\":\"storage failing\"}").getBytes(StandardCharsets.UTF_8));
    } else if ("/v1/node".equals(path)) {
      Replies.send(response, 200, "application/vnd.silk.descriptor", state.get().descriptor.toBytes());
    } else if ("/metrics".equals(path)) {
      Replies.send(response, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
    } else if ("/v1/models".equals(path)) {
      Replies.send(response, 200, "application/json", models());
    } else if (RegistryPaths.LIST.equals(path) && registry != null) {
      Replies.send(response, 200, RegistryPaths.LIST_TYPE, registry.list().toBytes());
    } else {
      notFound(response);
    }
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
    count("rejected_body_" + status);
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
      LOG.info("client went away before the answer was written");
    } else {
      // Never a stack trace to the client; the log names the failure, not the content.
      LOG.warn("request failed: {}", t.getClass().getSimpleName());
    }
    callback.failed(t);
  }

  private byte[] models() {
    ChatJson.Models list = new ChatJson.Models();
    list.object = "list";
    ChatJson.Model m = new ChatJson.Model();
    m.id = model.model();
    m.object = "model";
    m.ownedBy = "silk-reference-node";
    list.data = Collections.singletonList(m);
    return ChatJson.write(list);
  }

  // ---- sealed chat completions ----

  private void sealed(byte[] envelope, Response response) throws IOException {
    Duration wait = limits.tryRate();
    if (wait != null) {
      count("rejected_" + ErrorCode.RATE_LIMITED.wireName());
      replies.refuse(response, 429, ErrorCode.RATE_LIMITED, wait, "rate limit");
      return;
    }
    if (!replay.available() || (payments != null && !payments.available())) {
      count("rejected_storage");
      replies.refuse(response, 503, ErrorCode.OVERLOADED, Duration.ofSeconds(1), "storage unavailable");
      return;
    }
    if (!limits.tryEnter()) {
      count("rejected_" + ErrorCode.OVERLOADED.wireName());
      replies.refuse(response, 503, ErrorCode.OVERLOADED, Duration.ofSeconds(1), "too many requests in flight");
      return;
    }
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    try {
      if (injectedRefusal(response)) {
        return;
      }
      OpenedRequest opened;
      try {
        opened = state.get().opener.open(envelope);
      } catch (SilkCryptoException e) {
        count("rejected_" + e.code().wireName());
        replies.refuse(response, statusOf(e.code()), e.code(), Duration.ZERO, e.code().wireName());
        return;
      }
      String outcome = serve(opened, response);
      count(outcome);
      latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      // Only what the node chose is logged: an id prefix, the outcome, the time. Never a sealed field.
      LOG.info("request {} {} in {} ms", shortId(opened.payload().requestId()), outcome,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } finally {
      inFlight.decrementAndGet();
      limits.exit();
    }
  }

  /** TESTING ONLY faults that act before anything is opened: a delay, an unsigned 500 or 402. */
  private boolean injectedRefusal(Response response) throws IOException {
    if (!faults.delay().isZero()) {
      try {
        Thread.sleep(faults.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    switch (faults.fault()) {
      case SERVER_ERROR:
        count("injected_server_error");
        send(response, 500, "application/json", "{\"error\":\"injected server error\"}".getBytes(StandardCharsets.UTF_8));
        return true;
      case PAYMENT_REQUIRED:
        count("injected_payment_required");
        send(response, 402, "application/json", "{\"error\":\"injected payment required\"}".getBytes(StandardCharsets.UTF_8));
        return true;
      default:
        return false;
    }
  }

  /** Serves a decrypted request; every failure from here on is a signed error inside the answer. */
  private String serve(OpenedRequest opened, Response response) throws IOException {
    RequestPayload payload = opened.payload();
    AnswerSink sink = new SealedSink(opened.responseWriter(signingKey), payload.requestId(), null);
    Instant now = clock.instant();
    ChatJson.Request chat;
    try {
      if (Duration.between(payload.timestamp(), now).abs().compareTo(config.replayWindow()) > 0) {
        return refused(response, sink, payload.stream(), ErrorCode.STALE_REQUEST, "timestamp outside the replay window");
      }
      if (!replay.firstSeen(payload.requestId(), opened.encapsulatedKey(), now)) {
        return refused(response, sink, payload.stream(), ErrorCode.REPLAY, "request seen before");
      }
      chat = ChatJson.readRequest(payload.body());
    } catch (SQLException e) {
      LOG.error("replay database failed: {}", e.getSQLState());
      return refused(response, sink, payload.stream(), ErrorCode.INTERNAL, "replay database unavailable");
    } catch (IOException | RuntimeException e) {
      return refused(response, sink, payload.stream(), ErrorCode.MALFORMED, "body is not a chat completion request");
    }
    if (!payload.model().equals(chat.model)) {
      return refused(response, sink, payload.stream(), ErrorCode.MALFORMED, "model differs from the envelope's");
    }
    if (payments != null && model.model().equals(chat.model)) {
      PaymentDesk.Decision paid = payments.admit(payload.requestId(), payload.payment(),
          state.get().descriptor.descriptor().models().get(0), payload.body().length, chat.maxTokens);
      if (paid.quote != null) {
        send(response, 402, CHUNK_TYPE, opened.responseWriter(signingKey).quote(paid.quote));
        return "refused_" + ErrorCode.PAYMENT_REQUIRED.wireName();
      }
      if (paid.refusal != null) {
        return refused(response, sink, payload.stream(), paid.refusal, paid.reason);
      }
      sink = new SealedSink(opened.responseWriter(signingKey), payload.requestId(), paid.reservation);
    }
    return answer(chat, payload.stream(), completionId(payload), sink, response);
  }

  /** Answers a chat request through {@code sink}: sealed, or plain for the benchmark endpoint. */
  private String answer(ChatJson.Request chat, boolean stream, String id, AnswerSink sink, Response response)
      throws IOException {
    if (chat.messages == null || chat.messages.isEmpty()) {
      return refused(response, sink, stream, ErrorCode.MALFORMED, "no messages");
    }
    if (!model.model().equals(chat.model)) {
      return refused(response, sink, stream, ErrorCode.UNKNOWN_MODEL, "model not served here");
    }
    return stream ? stream(chat, id, sink, response) : whole(chat, id, sink, response);
  }

  private String whole(ChatJson.Request chat, String id, AnswerSink sink, Response response) throws IOException {
    String model = chat.model;
    Future<Answer> generation = generators.submit(() -> this.model.generate(chat, delta -> { }));
    Answer answer;
    try {
      answer = generation.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      generation.cancel(true);
      return refused(response, sink, false, ErrorCode.INTERNAL, "request timed out");
    } catch (ExecutionException | InterruptedException e) {
      return refused(response, sink, false, ErrorCode.INTERNAL, "model failed");
    }
    byte[] json = ChatJson.write(completion(id, model, stated(answer)));
    byte[] last;
    try {
      last = sink.finish(json, answer);
    } catch (LedgerUnavailable e) {
      return refused(response, sink, false, ErrorCode.INTERNAL, "payment ledger unavailable");
    }
    send(response, 200, sink.contentType(), last);
    return "answered";
  }

  private String stream(ChatJson.Request chat, String id, AnswerSink sink, Response response) throws IOException {
    BlockingQueue<String> deltas = new LinkedBlockingQueue<>();
    Future<Answer> generation = generators.submit(() -> model.generate(chat, deltas::add));
    startEvents(response);
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    long coalesceNanos = config.coalesce().toNanos();
    StringBuilder pending = new StringBuilder();
    long pendingSince = 0;
    String model = chat.model;
    long created = clock.instant().getEpochSecond();
    try {
      while (!(generation.isDone() && deltas.isEmpty())) {
        if (System.nanoTime() > deadline) {
          generation.cancel(true);
          return streamFailed(response, sink, pending, "request timed out");
        }
        String delta = deltas.poll(Math.max(1, coalesceNanos / 2), TimeUnit.NANOSECONDS);
        if (delta != null) {
          if (pending.length() == 0) {
            pendingSince = System.nanoTime();
          }
          pending.append(chunkJson(id, created, model, delta, null, null)).append('\n');
        }
        if (pending.length() > 0
            && (pending.length() >= FLUSH_BYTES || System.nanoTime() - pendingSince >= coalesceNanos)) {
          event(response, sink.chunk(pending.toString().getBytes(StandardCharsets.UTF_8)));
          pending.setLength(0);
          if (faults.fault() == NodeConfig.InjectedFault.DROPPED_STREAM) {
            generation.cancel(true);
            sink.abandoned(generation);
            // Failing the response after its first chunk makes Jetty cut the connection.
            throw new IOException("injected fault: stream dropped after its first chunk");
          }
        }
      }
      Answer answer = generation.get();
      pending.append(chunkJson(id, created, model, null, stated(answer), answer.finishReason)).append('\n');
      byte[] last;
      try {
        last = sink.finish(pending.toString().getBytes(StandardCharsets.UTF_8), answer);
      } catch (LedgerUnavailable e) {
        // Not recorded, so no receipt: the stream ends with a signed error instead, charging nothing.
        lastEvent(response, sink.fail(ErrorCode.INTERNAL, "payment ledger unavailable"));
        return "refused_" + ErrorCode.INTERNAL.wireName();
      }
      try {
        lastEvent(response, last);
      } catch (IOException closedAtTheEnd) {
        // Settled, receipt sealed and handed to the connection: a client that closes as soon as it
        // has the last event can cut the transport's end. Not abandoned: nothing is charged twice.
        LOG.debug("client closed at the end of a stream");
      }
      return "streamed";
    } catch (IOException clientGone) {
      sink.abandoned(generation);
      throw clientGone;
    } catch (ExecutionException e) {
      return streamFailed(response, sink, pending, "model failed");
    } catch (InterruptedException e) {
      generation.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  private String streamFailed(Response response, AnswerSink sink, StringBuilder pending, String reason)
      throws IOException {
    if (pending.length() > 0) {
      event(response, sink.chunk(pending.toString().getBytes(StandardCharsets.UTF_8)));
    }
    lastEvent(response, sink.fail(ErrorCode.INTERNAL, reason));
    LOG.info("stream failed: {}", reason);
    return "refused_" + ErrorCode.INTERNAL.wireName();
  }

  private String refused(Response response, AnswerSink sink, boolean stream, ErrorCode code, String reason)
      throws IOException {
    byte[] chunk = sink.fail(code, reason);
    if (stream) {
      startEvents(response);
      lastEvent(response, chunk);
    } else {
      send(response, 200, sink.contentType(), chunk);
    }
    return "refused_" + code.wireName();
  }

  /** How answer bytes leave the node: sealed chunks, or plain JSON (benchmark endpoint only). */
  private interface AnswerSink {
    String contentType();

    byte[] chunk(byte[] data);

    byte[] finish(byte[] data, Answer answer);

    byte[] fail(ErrorCode code, String reason);

    /** The client went away mid-answer. */
    default void abandoned(Future<Answer> generation) {}
  }

  /**
   * Seals every chunk; the final one carries the signed receipt or signed error. With a payment
   * reservation, the receipt states the charge, which is committed to the ledger before the
   * final chunk is handed out; a failure releases the reservation uncharged.
   */
  private final class SealedSink implements AnswerSink {
    private final ResponseWriter writer;
    private final RequestId requestId;
    private final PaymentDesk.Reservation reservation;

    SealedSink(ResponseWriter writer, RequestId requestId, PaymentDesk.Reservation reservation) {
      this.writer = writer;
      this.requestId = requestId;
      this.reservation = reservation;
    }

    @Override
    public String contentType() {
      return CHUNK_TYPE;
    }

    @Override
    public byte[] chunk(byte[] data) {
      return writer.chunk(data);
    }

    @Override
    public byte[] finish(byte[] data, Answer answer) {
      return faults.fault() == NodeConfig.InjectedFault.BAD_RECEIPT ? corrupted(finishChunk(data, answer))
          : finishChunk(data, answer);
    }

    /** The fault {@code BAD_RECEIPT}: the receipt's chunk leaves with its last byte (in the AEAD tag) flipped. */
    private byte[] corrupted(byte[] sealedChunk) {
      byte[] bad = sealedChunk.clone();
      bad[bad.length - 1] ^= 0x01;
      return bad;
    }

    private byte[] finishChunk(byte[] data, Answer answer) {
      if (reservation == null) {
        return writer.finish(data, terms(answer));
      }
      byte[][] last = new byte[1][];
      try {
        payments.settle(reservation, answer.promptTokens, answer.completionTokens, Receipt.builder()
            .usage(answer.promptTokens, answer.completionTokens).issuedAt(clock.instant()), terms -> {
              last[0] = writer.finish(data, terms);
              return writer.receipt().toBytes();
            }, faults.fault() == NodeConfig.InjectedFault.OVERCHARGE);
      } catch (SQLException e) {
        // Not recorded, so not sent: the client gets a signed error instead and is charged nothing.
        throw new LedgerUnavailable();
      }
      return last[0];
    }

    @Override
    public byte[] fail(ErrorCode code, String reason) {
      if (reservation != null) {
        payments.release(reservation);
      }
      return writer.fail(error(code, requestId, reason));
    }

    @Override
    public void abandoned(Future<Answer> generation) {
      if (reservation == null) {
        return;
      }
      // The client left mid-stream: charge what was generated for it, without a receipt.
      try {
        Answer answer = generation.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        payments.settle(reservation, answer.promptTokens, answer.completionTokens, Receipt.builder(), null);
      } catch (Exception e) {
        payments.release(reservation);
      }
    }
  }

  /** The ledger could not record a charge: its answer must not leave. */
  private static final class LedgerUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LedgerUnavailable() {
      super("payment ledger unavailable", null, false, false);
    }
  }

  /** No crypto at all: the benchmark baseline. Never in a descriptor, off unless asked for. */
  private static final class PlainSink implements AnswerSink {
    @Override
    public String contentType() {
      return "application/json";
    }

    @Override
    public byte[] chunk(byte[] data) {
      return data;
    }

    @Override
    public byte[] finish(byte[] data, Answer answer) {
      return data;
    }

    @Override
    public byte[] fail(ErrorCode code, String reason) {
      return ("{\"error\":{\"code\":\"" + code.wireName() + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** {@code POST /v1/plain/chat/completions}: the same answer path without any crypto, for benchmarks. */
  private void plain(byte[] body, Response response) throws IOException {
    ChatJson.Request chat;
    try {
      chat = ChatJson.readRequest(body);
    } catch (IOException | RuntimeException e) {
      send(response, 400, "application/json", "{\"error\":{\"code\":\"malformed\"}}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    answer(chat, Boolean.TRUE.equals(chat.stream), "chatcmpl-plain", new PlainSink(), response);
  }

  // ---- JSON of answers ----

  private ChatJson.Completion completion(String id, String model, Answer answer) {
    ChatJson.Completion c = new ChatJson.Completion();
    c.id = id;
    c.object = "chat.completion";
    c.created = clock.instant().getEpochSecond();
    c.model = model;
    ChatJson.Choice choice = new ChatJson.Choice();
    choice.index = 0;
    choice.message = new ChatJson.Message();
    choice.message.role = "assistant";
    choice.message.content = answer.content;
    choice.message.toolCalls = answer.toolCalls.isEmpty() ? null : new ArrayList<>(answer.toolCalls);
    choice.finishReason = answer.finishReason;
    c.choices = Collections.singletonList(choice);
    c.usage = usage(answer);
    return c;
  }

  private static String chunkJson(String id, long created, String model, String delta, Answer end, String finish) {
    ChatJson.Completion c = new ChatJson.Completion();
    c.id = id;
    c.object = "chat.completion.chunk";
    c.created = created;
    c.model = model;
    ChatJson.Choice choice = new ChatJson.Choice();
    choice.index = 0;
    choice.delta = new ChatJson.Message();
    choice.delta.content = delta;
    if (end != null) {
      choice.delta.toolCalls = end.toolCalls.isEmpty() ? null : new ArrayList<>(end.toolCalls);
      c.usage = usage(end);
    }
    choice.finishReason = finish;
    List<ChatJson.Choice> choices = new ArrayList<>();
    choices.add(choice);
    c.choices = choices;
    return new String(ChatJson.write(c), StandardCharsets.UTF_8);
  }

  /** The answer as its JSON states it: itself, unless the USAGE_MISMATCH fault is on. */
  private Answer stated(Answer answer) {
    return faults.fault() != NodeConfig.InjectedFault.USAGE_MISMATCH ? answer : new Answer(answer.content,
        answer.toolCalls, answer.finishReason, answer.promptTokens, answer.completionTokens + 1);
  }

  private static ChatJson.Usage usage(Answer answer) {
    ChatJson.Usage u = new ChatJson.Usage();
    u.promptTokens = answer.promptTokens;
    u.completionTokens = answer.completionTokens;
    u.totalTokens = answer.promptTokens + answer.completionTokens;
    return u;
  }

  private Receipt.Builder terms(Answer answer) {
    // Free mode: nothing is charged until the payment issue lands.
    return Receipt.builder().usage(answer.promptTokens, answer.completionTokens).costNanoton(0)
        .issuedAt(clock.instant());
  }

  private static String completionId(RequestPayload payload) {
    return "chatcmpl-" + payload.requestId().toHex();
  }

  // ---- HTTP helpers ----

  private NodeError error(ErrorCode code, RequestId requestId, String reason) {
    return NodeError.sign(signingKey, code, requestId, Duration.ZERO, reason, clock.instant());
  }

  static int statusOf(ErrorCode code) {
    switch (code) {
      case WRONG_RECIPIENT:
        return 421;
      default:
        return 400;
    }
  }

  private static void send(Response response, int status, String type, byte[] body) throws IOException {
    Replies.send(response, status, type, body);
  }

  private static void startEvents(Response response) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  private static void event(Response response, byte[] chunk) throws IOException {
    Content.Sink.write(response, false, ByteBuffer.wrap(sse(chunk)));
  }

  private static void lastEvent(Response response, byte[] chunk) throws IOException {
    Content.Sink.write(response, true, ByteBuffer.wrap(sse(chunk)));
  }

  private static byte[] sse(byte[] chunk) {
    return ("data: " + Base64.getEncoder().encodeToString(chunk) + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static String shortId(RequestId id) {
    return id.toHex().substring(0, 8);
  }
}
