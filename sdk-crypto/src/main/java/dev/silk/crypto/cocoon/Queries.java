package dev.silk.crypto.cocoon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A query and its answers, as COCOON's client sends and reads them
 * ({@code runners/client/ClientRunningRequest.cpp}): {@code client.runQueryEx} (a message) carries
 * an {@code http.request} whose payload is the OpenAI chat JSON; the proxy answers with one
 * {@code client.queryAnswerEx} (an {@code http.response}: status, headers, the first payload
 * bytes), then {@code client.queryAnswerPartEx} messages with the rest of the payload (a stream's
 * events), or one {@code client.queryAnswerErrorEx}. The message that completes the answer (flag
 * bit 0) carries the final info: tokens used. One home for both sides.
 */
public final class Queries {
  /** COCOON's client runner caps an answer payload part here; Silk refuses larger ones. */
  public static final int MAX_PART = 16 << 20;

  private Queries() {}

  /** {@code client.runQueryEx}. Immutable. */
  public static final class RunQuery {
    public final String model;
    public final byte[] query;
    public final int maxCoefficient;
    public final int maxTokens;
    public final double timeoutSeconds;
    public final byte[] requestId;
    public final int minConfigVersion;
    /** Bit 0: {@code enable_debug} present. */
    public final int flags;
    public final boolean enableDebug;

    /** Flags 1 with {@code enable_debug} false: what the C++ client sends when debug is off. */
    public RunQuery(String model, byte[] query, int maxCoefficient, int maxTokens, double timeoutSeconds,
        byte[] requestId, int minConfigVersion) {
      this(model, query, maxCoefficient, maxTokens, timeoutSeconds, requestId, minConfigVersion, 1, false);
    }

    private RunQuery(String model, byte[] query, int maxCoefficient, int maxTokens, double timeoutSeconds,
        byte[] requestId, int minConfigVersion, int flags, boolean enableDebug) {
      if (requestId.length != 32) {
        throw new IllegalArgumentException("a request id is 32 bytes");
      }
      this.flags = flags;
      this.enableDebug = enableDebug;
      this.model = Objects.requireNonNull(model, "model");
      this.query = query.clone();
      this.maxCoefficient = maxCoefficient;
      this.maxTokens = maxTokens;
      this.timeoutSeconds = timeoutSeconds;
      this.requestId = requestId.clone();
      this.minConfigVersion = minConfigVersion;
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter().id(CocoonIds.CLIENT_RUN_QUERY_EX).string(model).bytes(query).i32(maxCoefficient)
          .i32(maxTokens).f64(timeoutSeconds).i256(requestId).i32(minConfigVersion).i32(flags);
      if ((flags & 1) != 0) {
        out.bool(enableDebug);
      }
      return out.toByteArray();
    }

    public static RunQuery parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      in.id(CocoonIds.CLIENT_RUN_QUERY_EX);
      String model = in.string();
      byte[] query = in.bytes();
      int maxCoefficient = in.i32();
      int maxTokens = in.i32();
      double timeout = in.f64();
      if (maxCoefficient < 0 || maxTokens < 0 || !(timeout >= 0) || Double.isInfinite(timeout)) {
        throw new TlReader.TlException("a query with a negative bound or an impossible timeout");
      }
      byte[] requestId = in.i256();
      int minConfigVersion = in.i32();
      int flags = Handshake.knownFlags(in.i32(), 1);
      boolean debug = (flags & 1) != 0 && in.bool();
      in.end();
      return new RunQuery(model, query, maxCoefficient, maxTokens, timeout, requestId, minConfigVersion, flags, debug);
    }
  }

  /** {@code tokensUsed}. Immutable. */
  public static final class TokensUsed {
    public final long prompt;
    public final long cached;
    public final long completion;
    public final long reasoning;
    public final long total;

    public TokensUsed(long prompt, long cached, long completion, long reasoning, long total) {
      this.prompt = prompt;
      this.cached = cached;
      this.completion = completion;
      this.reasoning = reasoning;
      this.total = total;
    }

    void write(TlWriter out) {
      // Bare wherever the schema uses it (tokens_used:tokensUsed): no constructor id.
      out.i64(prompt).i64(cached).i64(completion).i64(reasoning).i64(total);
    }

    static TokensUsed read(TlReader in) throws TlReader.TlException {
      TokensUsed t = new TokensUsed(in.i64(), in.i64(), in.i64(), in.i64(), in.i64());
      if (t.prompt < 0 || t.cached < 0 || t.completion < 0 || t.reasoning < 0 || t.total < 0) {
        throw new TlReader.TlException("negative token count");
      }
      return t;
    }
  }

  /** One answer message: the head, a part, or an error; {@code tokens} when it completes the answer. Immutable. */
  public static final class Answer {
    public enum Kind { HEAD, PART, ERROR }

    public final Kind kind;
    public final byte[] requestId;
    public final byte[] data;
    public final int errorCode;
    public final String error;
    /** Final info's token counts: present exactly when this message completes the answer. */
    public final TokensUsed tokens;
    /** The final info as sent (debug strings and times included), or null. */
    public final FinalInfo finalInfo;

    private Answer(Kind kind, byte[] requestId, byte[] data, int errorCode, String error, FinalInfo finalInfo) {
      this.kind = kind;
      this.requestId = requestId;
      this.data = data;
      this.errorCode = errorCode;
      this.error = error;
      this.finalInfo = finalInfo;
      this.tokens = finalInfo == null ? null : finalInfo.tokens;
    }

    public static Answer head(byte[] requestId, byte[] httpResponse, TokensUsed finalTokens) {
      return new Answer(Kind.HEAD, requestId.clone(), httpResponse.clone(), 0, null, FinalInfo.of(finalTokens));
    }

    public static Answer part(byte[] requestId, byte[] payload, TokensUsed finalTokens) {
      return new Answer(Kind.PART, requestId.clone(), payload.clone(), 0, null, FinalInfo.of(finalTokens));
    }

    public static Answer error(byte[] requestId, int code, String error, TokensUsed finalTokens) {
      return new Answer(Kind.ERROR, requestId.clone(), null, code, error, FinalInfo.of(finalTokens));
    }

    public boolean completes() {
      return tokens != null || kind == Kind.ERROR;
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter();
      switch (kind) {
        case HEAD:
          out.id(CocoonIds.CLIENT_QUERY_ANSWER_EX).i256(requestId).bytes(data);
          break;
        case PART:
          out.id(CocoonIds.CLIENT_QUERY_ANSWER_PART_EX).i256(requestId).bytes(data);
          break;
        default:
          out.id(CocoonIds.CLIENT_QUERY_ANSWER_ERROR_EX).i256(requestId).i32(errorCode).string(error);
      }
      if (finalInfo == null) {
        return out.i32(0).toByteArray();
      }
      out.i32(1);
      finalInfo.write(out);
      return out.toByteArray();
    }

    public static Answer parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      int id = in.id(CocoonIds.CLIENT_QUERY_ANSWER_EX, CocoonIds.CLIENT_QUERY_ANSWER_PART_EX,
          CocoonIds.CLIENT_QUERY_ANSWER_ERROR_EX);
      byte[] requestId = in.i256();
      Kind kind = id == CocoonIds.CLIENT_QUERY_ANSWER_EX ? Kind.HEAD
          : id == CocoonIds.CLIENT_QUERY_ANSWER_PART_EX ? Kind.PART : Kind.ERROR;
      byte[] data = null;
      int code = 0;
      String error = null;
      if (kind == Kind.ERROR) {
        code = in.i32();
        error = in.string();
      } else {
        data = in.bytes();
        if (data.length > MAX_PART) {
          throw new TlReader.TlException("answer part of " + data.length + " bytes");
        }
      }
      FinalInfo info = (Handshake.knownFlags(in.i32(), 1) & 1) != 0 ? FinalInfo.read(in) : null;
      in.end();
      return new Answer(kind, requestId, data, code, error, info);
    }
  }

  /**
   * {@code client.queryFinalInfo}: the answer's token counts and, when the proxy adds them,
   * debug strings (flag 0) and the proxy's and worker's start and end times (flag 1). Immutable.
   */
  public static final class FinalInfo {
    public final int flags;
    public final TokensUsed tokens;
    public final String workerDebug;
    public final String proxyDebug;
    private final double[] times;

    private FinalInfo(int flags, TokensUsed tokens, String workerDebug, String proxyDebug, double[] times) {
      this.flags = flags;
      this.tokens = tokens;
      this.workerDebug = workerDebug;
      this.proxyDebug = proxyDebug;
      this.times = times;
    }

    static FinalInfo of(TokensUsed tokens) {
      return tokens == null ? null : new FinalInfo(0, tokens, null, null, null);
    }

    /** Proxy start, proxy end, worker start, worker end (Unix seconds), when flag 1 is set. */
    public double[] times() {
      return times == null ? null : times.clone();
    }

    void write(TlWriter out) {
      out.i32(flags); // bare: final_info:flags.0?client.queryFinalInfo
      tokens.write(out);
      if ((flags & 1) != 0) {
        out.string(workerDebug).string(proxyDebug);
      }
      if ((flags & 2) != 0) {
        for (double t : times) {
          out.f64(t);
        }
      }
    }

    static FinalInfo read(TlReader in) throws TlReader.TlException {
      int flags = Handshake.knownFlags(in.i32(), 3);
      TokensUsed tokens = TokensUsed.read(in);
      String workerDebug = null;
      String proxyDebug = null;
      double[] times = null;
      if ((flags & 1) != 0) {
        workerDebug = in.string();
        proxyDebug = in.string();
      }
      if ((flags & 2) != 0) {
        times = new double[] {in.f64(), in.f64(), in.f64(), in.f64()};
      }
      return new FinalInfo(flags, tokens, workerDebug, proxyDebug, times);
    }
  }

  /** {@code http.request} or {@code http.response}: an HTTP message as TL. Immutable. */
  public static final class Http {
    public final String method;
    public final String url;
    public final String version;
    public final int status;
    public final String reason;
    public final Map<String, String> headers;
    public final byte[] payload;

    private Http(String method, String url, String version, int status, String reason, Map<String, String> headers,
        byte[] payload) {
      this.method = method;
      this.url = url;
      this.version = version;
      this.status = status;
      this.reason = reason;
      this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      this.payload = payload;
    }

    public static Http request(String method, String url, Map<String, String> headers, byte[] payload) {
      return new Http(method, url, "HTTP/1.1", 0, null, headers, payload.clone());
    }

    public static Http response(int status, String reason, Map<String, String> headers, byte[] payload) {
      return new Http(null, null, "HTTP/1.1", status, reason, headers, payload.clone());
    }

    public boolean isRequest() {
      return method != null;
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter();
      if (isRequest()) {
        out.id(CocoonIds.HTTP_REQUEST).string(method).string(url).string(version);
      } else {
        out.id(CocoonIds.HTTP_RESPONSE).string(version).i32(status).string(reason);
      }
      // headers:(vector http.header): a bare vector of bare headers, no ids.
      out.i32(headers.size());
      for (Map.Entry<String, String> h : headers.entrySet()) {
        out.string(h.getKey()).string(h.getValue());
      }
      return out.bytes(payload).toByteArray();
    }

    public static Http parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      boolean request = in.id(CocoonIds.HTTP_REQUEST, CocoonIds.HTTP_RESPONSE) == CocoonIds.HTTP_REQUEST;
      String method = null;
      String url = null;
      String version;
      int status = 0;
      String reason = null;
      if (request) {
        method = in.string();
        url = in.string();
        version = in.string();
      } else {
        version = in.string();
        status = in.i32();
        reason = in.string();
      }
      int count = in.vector(256);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        headers.put(in.string(), in.string());
      }
      Http h = new Http(method, url, version, status, reason, headers, in.bytes());
      in.end();
      return h;
    }

    @Override
    public String toString() {
      return isRequest() ? method + " " + url : version + " " + status + " " + reason
          + " (" + payload.length + " bytes)";
    }
  }

  /** The request line and JSON body COCOON's runner forwards for an OpenAI chat completion. */
  public static byte[] chatCompletionRequest(byte[] json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Content-Length", Integer.toString(json.length));
    return Http.request("POST", "/v1/chat/completions", headers, json).toTl();
  }
}
