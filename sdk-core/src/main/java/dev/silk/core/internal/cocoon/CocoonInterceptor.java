package dev.silk.core.internal.cocoon;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.NodeErrorException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.node.SurfacedFailure;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.cocoon.ProofOfWork;
import dev.silk.crypto.cocoon.Queries;
import dev.silk.crypto.cocoon.TlReader;
import dev.silk.crypto.cocoon.WorkerTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;

/**
 * Serves the COCOON runner's HTTP API (the one Silk's COCOON transport speaks) over COCOON's own
 * protocol, as COCOON's client runner does ({@code ClientRunningRequest.cpp}): the chat JSON is
 * read for {@code model}, {@code max_tokens}, and the runner-only fields {@code max_coefficient},
 * {@code timeout} and {@code request_guid} (taken out, as the runner does); it travels as an
 * {@code http.request} in {@code client.runQueryEx} over an attested, authorized session; the
 * proxy's {@code http.response} becomes the HTTP answer, its later parts the body as they come.
 * What the proxy's final info says (tokens) is recorded for the transport, which prices it.
 * Thread-safe.
 */
public final class CocoonInterceptor implements Interceptor {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Type MAP = Types.newParameterizedType(Map.class, String.class, Object.class);
  private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder().build().adapter(MAP);
  private static final byte[] END = new byte[0];
  /** TON's error codes that COCOON's runner maps to HTTP 504 and 502 ({@code ton::ErrorCode}). */
  static final int TON_TIMEOUT = 652;
  static final int TON_NOT_READY = 651;
  /** What COCOON's runner assumes when a request names no {@code max_tokens} or {@code max_coefficient}. */
  public static final int DEFAULT_MAX_TOKENS = 1000;
  public static final int DEFAULT_COEFFICIENT = 4000;

  private final CocoonGateway gateway;

  public CocoonInterceptor(CocoonGateway gateway) {
    this.gateway = gateway;
  }

  /** What one exchange learned beyond its HTTP answer: the proxy, its attestation, the tokens. Thread-safe. */
  public static final class Record {
    private volatile AttestationResult attestation;
    private volatile CocoonConfig config;
    private volatile Queries.TokensUsed tokens;
    private volatile int maxCoefficient;

    /** The proxy's attestation (null when attestation was waived). */
    public AttestationResult attestation() {
      return attestation;
    }

    /** What the final info's adjusted tokens cost at the config's price; zero before the answer completed. */
    public TonAmount cost() {
      Queries.TokensUsed t = tokens;
      return t == null || config == null ? TonAmount.ZERO : config.cost(t.total);
    }

    /**
     * Cross-checks the proxy's final info against the answer's own usage: the total is the sum of
     * its parts, and no part exceeds what the raw counts cost at the request's highest coefficient
     * and the config's multipliers (one token of rounding each, COCOON computes in doubles).
     *
     * @return why the figures do not hold, or null when they do
     */
    public String inconsistency(Long promptTokens, Long completionTokens) {
      Queries.TokensUsed t = tokens;
      if (t == null || config == null) {
        return null;
      }
      if (t.prompt + t.cached + t.completion + t.reasoning != t.total) {
        return "the proxy's token total is not the sum of its parts";
      }
      if (promptTokens != null && t.prompt + t.cached > 1 + CocoonConfig.adjustTokens(promptTokens, maxCoefficient,
          Math.max(config.promptMultiplier(), config.cachedMultiplier()))) {
        return "the proxy counts more prompt tokens than the answer's usage at the highest coefficient";
      }
      if (completionTokens != null && t.completion + t.reasoning > 1 + CocoonConfig.adjustTokens(completionTokens,
          maxCoefficient, Math.max(config.completionMultiplier(), config.reasoningMultiplier()))) {
        return "the proxy counts more completion tokens than the answer's usage at the highest coefficient";
      }
      return null;
    }

    public boolean completed() {
      return tokens != null;
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if ("GET".equals(request.method()) && request.url().encodedPath().endsWith("/v1/models")) {
      return models(request, chain);
    }
    if (!"POST".equals(request.method()) || !request.url().encodedPath().endsWith("/v1/chat/completions")) {
      return answer(request, 404, "Not Found",
          "{\"error\":\"COCOON's native transport serves chat completions and models only\"}");
    }
    Buffer sent = new Buffer();
    if (request.body() != null) {
      request.body().writeTo(sent);
    }
    Map<String, Object> body = JSON.fromJson(sent.readUtf8());
    if (body == null || !(body.get("model") instanceof String)) {
      return answer(request, 400, "Bad Request", "{\"error\":\"missing field 'model'\"}");
    }
    int maxTokens = intField(body, "max_tokens", DEFAULT_MAX_TOKENS);
    if (body.containsKey("max_completion_tokens")) {
      maxTokens = intField(body, "max_completion_tokens", maxTokens);
      body.remove("max_tokens");
    }
    int maxCoefficient = intField(body, "max_coefficient", DEFAULT_COEFFICIENT);
    double timeout = body.get("timeout") instanceof Number ? ((Number) body.get("timeout")).doubleValue() : 120.0;
    body.remove("max_coefficient");
    body.remove("timeout");
    body.remove("request_guid");
    body.remove("enable_debug");
    byte[] json = JSON.toJson(body).getBytes(StandardCharsets.UTF_8);

    CocoonConfig config = gateway.config();
    ProxySession session = session(config);
    Record record = request.tag(Record.class);
    Pipe pipe = new Pipe(record);
    if (record != null) {
      record.config = config;
      record.maxCoefficient = maxCoefficient;
      record.attestation = session.peer().attestation().orElse(null);
    }
    byte[] requestId = new byte[32];
    RANDOM.nextBytes(requestId);
    session.run(new Queries.RunQuery((String) body.get("model"), Queries.chatCompletionRequest(json), maxCoefficient,
        maxTokens, timeout * 0.95, requestId, config.version()), pipe);
    long waitMillis = chain.readTimeoutMillis() > 0 ? chain.readTimeoutMillis() : TimeUnit.SECONDS.toMillis(120);
    Queries.Answer head = pipe.head(waitMillis, chain);
    if (head.kind == Queries.Answer.Kind.ERROR) {
      // As COCOON's runner answers a failed query: timeout 504, not ready 502, anything else 500.
      Map<String, Object> error = new java.util.LinkedHashMap<>();
      error.put("error_code", head.errorCode);
      error.put("error", head.error);
      int status = head.errorCode == TON_TIMEOUT ? 504 : head.errorCode == TON_NOT_READY ? 502 : 500;
      return answer(request, status, "COCOON error", JSON.toJson(error));
    }
    Queries.Http http;
    try {
      http = Queries.Http.parse(head.data);
    } catch (TlReader.TlException e) {
      throw new IOException("the proxy's answer is not an HTTP response: " + e.getMessage());
    }
    Response.Builder response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
        .code(http.status).message(http.reason == null ? "" : http.reason);
    String type = "application/json";
    for (Map.Entry<String, String> h : http.headers.entrySet()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
          || name.equalsIgnoreCase("Connection")) {
        continue;
      }
      if (name.equalsIgnoreCase("Content-Type")) {
        type = h.getValue();
      }
      response.addHeader(name, h.getValue());
    }
    pipe.first(http.payload, head);
    return response.body(ResponseBody.create(MediaType.parse(type), -1,
        Okio.buffer(Okio.source(pipe.stream(waitMillis))))).build();
  }

  /** {@code /v1/models} as COCOON's runner answers it: the proxy's worker types. */
  private Response models(Request request, Chain chain) throws IOException {
    long waitMillis = chain.readTimeoutMillis() > 0 ? chain.readTimeoutMillis() : TimeUnit.SECONDS.toMillis(10);
    WorkerTypes types = session(gateway.config()).workerTypes(java.time.Duration.ofMillis(waitMillis));
    java.util.List<Object> data = new java.util.ArrayList<>();
    for (WorkerTypes.Type t : types.types) {
      Map<String, Object> model = new java.util.LinkedHashMap<>();
      model.put("id", t.name);
      model.put("object", "model");
      model.put("created", 0);
      model.put("owned_by", "?");
      java.util.List<Object> workers = new java.util.ArrayList<>();
      for (WorkerTypes.Worker w : t.workers) {
        Map<String, Object> worker = new java.util.LinkedHashMap<>();
        worker.put("coefficient", w.coefficient);
        worker.put("running_requests", w.activeRequests);
        worker.put("max_running_requests", w.maxActiveRequests);
        workers.add(worker);
      }
      model.put("workers", workers);
      data.add(model);
    }
    Map<String, Object> list = new java.util.LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", data);
    return answer(request, 200, "OK", JSON.toJson(list));
  }

  /** An authorized session, or the typed reason why none could be had. */
  private ProxySession session(CocoonConfig config) throws IOException {
    try {
      return gateway.session(config);
    } catch (dev.silk.core.errors.SilkException e) {
      throw new SurfacedFailure(e); // the account refused the proxy's contracts or payments
    } catch (ProofOfWork.Refused e) {
      throw new SurfacedFailure(new BadRequestException("cocoon_pow_refused", e.getMessage(), e));
    } catch (ProxySession.ProtocolFailure e) {
      throw new SurfacedFailure(new NodeErrorException("cocoon_protocol", "COCOON proxy: " + e.getMessage(), e));
    } catch (IOException e) {
      java.util.Optional<dev.silk.crypto.SilkCryptoException> refusal = ProxyConnection.refusal(e);
      if (refusal.isPresent()) {
        throw new SurfacedFailure(new VerificationException(refusal.get().code().wireName(),
            "the COCOON proxy's attestation was refused: " + refusal.get().getMessage(), refusal.get()));
      }
      throw e;
    }
  }

  private static int intField(Map<String, Object> body, String name, int otherwise) throws IOException {
    Object v = body.get(name);
    if (v == null) {
      return otherwise;
    }
    if (!(v instanceof Number) || ((Number) v).doubleValue() < 0 || ((Number) v).doubleValue() > Integer.MAX_VALUE) {
      throw new IOException("field '" + name + "' must be a non-negative integer");
    }
    return ((Number) v).intValue();
  }

  private static Response answer(Request request, int code, String message, String json) {
    return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code).message(message)
        .body(ResponseBody.create(MediaType.get("application/json"), json)).build();
  }

  /** The answers of one query, from the session's reader thread to the HTTP body's reader. */
  private static final class Pipe implements ProxySession.AnswerSink {
    private final Record record;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    Pipe(Record record) {
      this.record = record;
    }

    @Override
    public void answer(Queries.Answer answer) {
      queue.add(answer);
    }

    @Override
    public void failed(IOException e) {
      queue.add(e);
    }

    /** Waits for the answer's head (or its error). */
    Queries.Answer head(long waitMillis, Chain chain) throws IOException {
      Object next = take(waitMillis);
      if (next instanceof IOException) {
        throw (IOException) next;
      }
      Queries.Answer answer = (Queries.Answer) next;
      if (answer.kind == Queries.Answer.Kind.PART) {
        throw new IOException("the proxy sent a payload part before the answer");
      }
      return answer;
    }

    /** Queues the head's payload and, if the head completed the answer, the end. */
    void first(byte[] payload, Queries.Answer head) {
      queue.add(payload);
      if (head.completes()) {
        completed(head);
      }
    }

    private void completed(Queries.Answer last) {
      if (record != null && last.tokens != null) {
        record.tokens = last.tokens;
      }
      queue.add(END);
    }

    private Object take(long waitMillis) throws IOException {
      try {
        Object next = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (next == null) {
          throw new SocketTimeoutException("the COCOON proxy sent nothing for " + waitMillis + " ms");
        }
        return next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the COCOON proxy");
      }
    }

    InputStream stream(long waitMillis) {
      return new InputStream() {
        private byte[] current = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          while (at >= current.length) {
            if (ended) {
              return -1;
            }
            Object next = take(waitMillis);
            if (next instanceof IOException) {
              throw (IOException) next;
            }
            if (next == END) {
              ended = true;
              return -1;
            }
            if (next instanceof byte[]) {
              current = (byte[]) next;
            } else {
              Queries.Answer answer = (Queries.Answer) next;
              if (answer.kind == Queries.Answer.Kind.ERROR) {
                throw new IOException("the COCOON proxy failed mid-answer: " + answer.errorCode + " " + answer.error);
              }
              current = answer.data;
              if (answer.completes()) {
                completed(answer);
              }
            }
            at = 0;
          }
          int n = Math.min(len, current.length - at);
          System.arraycopy(current, at, b, off, n);
          at += n;
          return n;
        }
      };
    }
  }
}
