package dev.silk.node.http;

import dev.silk.node.payment.Reservation;
import dev.silk.node.payment.Admission;
import dev.silk.core.json.ChatJson;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.node.FaultSwitch;
import dev.silk.node.InjectedFault;
import dev.silk.node.NodeConfig;
import dev.silk.node.model.Answer;
import dev.silk.node.model.ModelBackend;
import dev.silk.node.payment.PaymentDesk;
import dev.silk.node.replay.ReplayGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sealed/chat/completions} (spec-v1 §4–§6, §10): limits before any crypto, then
 * the envelope opened, the replay window and cache checked, the payment admitted, and the
 * answer sealed whole or streamed. Failures before decryption are signed refusals with an HTTP
 * status; failures after it are signed errors sealed inside the answer. Also the benchmark's
 * plain endpoint, the same answer path without crypto. Thread-safe.
 */
final class ChatRoute {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");
  /**
   * One line per request, at DEBUG: at line speed an INFO line per request cost the node a
   * formatted, synchronised write to stderr per answer. {@code GET /metrics} counts them instead.
   */
  static final Logger REQUESTS = LoggerFactory.getLogger("silk.node.requests");
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
  private final FaultSwitch faults;
  private final Replies replies;

  ChatRoute(NodeConfig config, SigningPrivateKey signingKey, AtomicReference<NodeState> state, ModelBackend model,
      ReplayGuard replay, ExecutorService generators, Clock clock, PrometheusMeterRegistry metrics,
      PaymentDesk payments, FaultSwitch faults, Replies replies) {
    this.config = config;
    this.signingKey = signingKey;
    this.state = state;
    this.model = model;
    this.replay = replay;
    this.limits = new Limits(config.limits().rateLimitPerSecond(), config.limits().maxInFlight());
    this.generators = generators;
    this.clock = clock;
    this.metrics = metrics;
    this.payments = payments;
    this.faults = faults;
    this.replies = replies;
    this.latency = Timer.builder("silk.sealed.request").description("Sealed requests, decryption to last byte")
        .register(metrics);
    metrics.gauge("silk.requests.in.flight", inFlight);
  }

  /** Counts a sealed request by outcome (answered, streamed, refused_CODE, rejected_CODE, ...). */
  void count(String outcome) {
    Counter.builder("silk.sealed.requests").tag("outcome", outcome).register(metrics).increment();
  }

  void sealed(byte[] envelope, Response response) throws IOException {
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
      if (REQUESTS.isDebugEnabled()) {
        REQUESTS.debug("request {} {} in {} ms", shortId(opened.payload().requestId()), outcome,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
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
    AnswerSink sink = sealedSink(opened, null);
    Instant now = clock.instant();
    ChatJson.Request chat;
    try {
      if (Duration.between(payload.timestamp(), now).abs().compareTo(config.replayWindow()) > 0) {
        return refused(response, sink, payload.stream(), ErrorCode.STALE_REQUEST, "timestamp outside the replay window");
      }
      if (!replay.firstSeen(payload.requestId(), opened.encapsulatedKeyId(), now)) {
        return refused(response, sink, payload.stream(), ErrorCode.REPLAY, "request seen before");
      }
      chat = ChatJson.readRequest(payload.body());
    } catch (SQLException e) {
      // Nothing was recorded or served: a signed 503 that the client may retry here or elsewhere,
      // as for a store already known to be down (checked before the envelope was opened).
      LOG.error("replay database failed: {}", e.getSQLState());
      replies.refuse(response, 503, ErrorCode.OVERLOADED, Duration.ofSeconds(1), "storage unavailable");
      return "rejected_storage";
    } catch (IOException | RuntimeException e) {
      return refused(response, sink, payload.stream(), ErrorCode.MALFORMED, "body is not a chat completion request");
    }
    if (!payload.model().equals(chat.model)) {
      return refused(response, sink, payload.stream(), ErrorCode.MALFORMED, "model differs from the envelope's");
    }
    if (payments != null && model.model().equals(chat.model)) {
      Admission paid = payments.admit(payload.requestId(), payload.payment(),
          state.get().descriptor.descriptor().models().get(0), payload.body().length, chat.maxTokens);
      if (paid == Admission.UNAVAILABLE) {
        // Nothing of the payment was recorded: a signed 503 the client may retry, here or elsewhere.
        replies.refuse(response, 503, ErrorCode.OVERLOADED, Duration.ofSeconds(1), "storage unavailable");
        return "rejected_storage";
      }
      if (paid.quote != null) {
        send(response, 402, SealedSink.CHUNK_TYPE, opened.responseWriter(signingKey).quote(paid.quote));
        return "refused_" + ErrorCode.PAYMENT_REQUIRED.wireName();
      }
      if (paid.refusal != null) {
        return refused(response, sink, payload.stream(), paid.refusal, paid.reason);
      }
      sink = sealedSink(opened, paid.reservation);
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
    byte[] json = AnswerJson.completion(id, model, clock.instant().getEpochSecond(), stated(answer));
    byte[] last;
    try {
      last = sink.finish(json, answer);
    } catch (SealedSink.LedgerUnavailable e) {
      if (e.mayBeCharged) {
        // Perhaps charged, nothing sent: a signed error the client counts as possibly charged.
        return refused(response, sink, false, e.code(), e.reason());
      }
      // Nothing charged, nothing of the answer sent: a signed 503 the client retries as a new request.
      replies.refuse(response, 503, ErrorCode.OVERLOADED, Duration.ofSeconds(1), "storage unavailable");
      return "rejected_storage";
    }
    send(response, 200, sink.contentType(), last);
    return "answered";
  }

  private String stream(ChatJson.Request chat, String id, AnswerSink sink, Response response) throws IOException {
    BlockingQueue<String> deltas = new LinkedBlockingQueue<>();
    Future<Answer> generation = generators.submit(() -> model.generate(chat, deltas::add));
    Events.start(response);
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
          pending.append(AnswerJson.chunk(id, created, model, delta, null, null)).append('\n');
        }
        if (pending.length() > 0
            && (pending.length() >= FLUSH_BYTES || System.nanoTime() - pendingSince >= coalesceNanos)) {
          Events.send(response, sink.chunk(pending.toString().getBytes(StandardCharsets.UTF_8)));
          pending.setLength(0);
          if (faults.fault() == InjectedFault.DROPPED_STREAM) {
            generation.cancel(true);
            sink.abandoned(generation);
            // Failing the response after its first chunk makes Jetty cut the connection.
            throw new IOException("injected fault: stream dropped after its first chunk");
          }
        }
      }
      Answer answer = generation.get();
      pending.append(AnswerJson.chunk(id, created, model, null, stated(answer), answer.finishReason)).append('\n');
      byte[] last;
      try {
        last = sink.finish(pending.toString().getBytes(StandardCharsets.UTF_8), answer);
      } catch (SealedSink.LedgerUnavailable e) {
        // Not recorded, so no receipt: the stream ends with a signed error instead, charging nothing.
        Events.last(response, sink.fail(e.code(), e.reason()));
        return "refused_" + e.code().wireName();
      }
      try {
        Events.last(response, last);
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
      Events.send(response, sink.chunk(pending.toString().getBytes(StandardCharsets.UTF_8)));
    }
    Events.last(response, sink.fail(ErrorCode.INTERNAL, reason));
    LOG.info("stream failed: {}", reason);
    return "refused_" + ErrorCode.INTERNAL.wireName();
  }

  private String refused(Response response, AnswerSink sink, boolean stream, ErrorCode code, String reason)
      throws IOException {
    byte[] chunk = sink.fail(code, reason);
    if (stream) {
      Events.start(response);
      Events.last(response, chunk);
    } else {
      send(response, 200, sink.contentType(), chunk);
    }
    return "refused_" + code.wireName();
  }

  /** {@code POST /v1/plain/chat/completions}: the same answer path without any crypto, for benchmarks. */
  void plain(byte[] body, Response response) throws IOException {
    ChatJson.Request chat;
    try {
      chat = ChatJson.readRequest(body);
    } catch (IOException | RuntimeException e) {
      send(response, 400, "application/json", "{\"error\":{\"code\":\"malformed\"}}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    answer(chat, Boolean.TRUE.equals(chat.stream), "chatcmpl-plain", AnswerSink.plain(), response);
  }

  private SealedSink sealedSink(OpenedRequest opened, Reservation reservation) {
    return new SealedSink(opened.responseWriter(signingKey), opened.payload().requestId(),
        reservation == null ? null : payments, reservation, signingKey, clock, faults, config.requestTimeout());
  }

  /** The answer as its JSON states it: itself, unless the USAGE_MISMATCH fault is on. */
  private Answer stated(Answer answer) {
    return faults.fault() != InjectedFault.USAGE_MISMATCH ? answer : new Answer(answer.content,
        answer.toolCalls, answer.finishReason, answer.promptTokens, answer.completionTokens + 1);
  }

  private static String completionId(RequestPayload payload) {
    return "chatcmpl-" + payload.requestId().toHex();
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

  private static String shortId(RequestId id) {
    return id.toHex().substring(0, 8);
  }
}
