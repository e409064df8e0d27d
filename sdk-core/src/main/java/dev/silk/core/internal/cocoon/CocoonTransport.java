package dev.silk.core.internal.cocoon;

import dev.silk.core.RequestOptions;
import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.cocoon.CocoonNative;
import dev.silk.core.cocoon.CocoonOptions;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.CocoonRunnerException;
import dev.silk.core.errors.NodeErrorException;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.UnauthorizedException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.Exchange;
import dev.silk.core.internal.Mapping;
import dev.silk.core.internal.Transport;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.internal.node.Failures;
import dev.silk.core.json.ChatJson;
import dev.silk.core.json.CocoonJson;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.TonAmount;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * A COCOON client runner (Telegram's C++ sidecar, which attests COCOON proxies and pays them):
 * plain OpenAI-style JSON to a local HTTP API. Nothing here is end-to-end verified by Silk;
 * answers say so in their {@link Verification}. Requests the runner would refuse are refused
 * here first, with the reason. Thread-safe.
 */
final class CocoonTransport implements Transport<CocoonTransport.Attempt>, AutoCloseable {
  static final int MAX_ANSWER = 16 << 20;
  private static final int MAX_ERROR_TEXT = 300;

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final CocoonApi api;
  private final CocoonOptions defaults;
  /** Null for a runner; for COCOON's native transport, the way in (the interceptor serves the calls). */
  private final CocoonGateway gateway;

  CocoonTransport(OkHttpClient http, HttpUrl baseUrl, CocoonOptions defaults) {
    this(http, baseUrl, defaults, null);
  }

  CocoonTransport(OkHttpClient http, HttpUrl baseUrl, CocoonOptions defaults,
      CocoonGateway gateway) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.api = new Retrofit.Builder().baseUrl(baseUrl).client(http).build().create(CocoonApi.class);
    this.defaults = defaults;
    this.gateway = gateway;
  }

  /** One attempt's JSON body, and (native) what its exchange learns. */
  static final class Attempt {
    final byte[] json;
    final dev.silk.core.internal.cocoon.CocoonInterceptor.Record record;

    Attempt(byte[] json, dev.silk.core.internal.cocoon.CocoonInterceptor.Record record) {
      this.json = json;
      this.record = record;
    }
  }

  /** What backs an answer: the runner's word and its cost, or the attested proxy and the priced tokens. */
  Verification verification(Attempt a, ChatJson.Usage usage) {
    if (a.record == null) {
      return Verification.cocoonRunner(cost(usage));
    }
    if (!a.record.completed()) {
      throw new VerificationException("stream_truncated", "the COCOON proxy's answer ended without its final info",
          null);
    }
    String inconsistency = a.record.inconsistency(usage == null ? null : usage.promptTokens,
        usage == null ? null : usage.completionTokens);
    if (inconsistency != null) {
      throw new VerificationException("cocoon_tokens", inconsistency, null);
    }
    return Verification.cocoonProxy(a.record.attestation(), a.record.cost());
  }

  @Override
  public void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Override
  public void check(ChatCompletionCreateParams params, RequestOptions options) {
    Long coefficient = cocoonOptions(options).maxCoefficient();
    if (gateway != null && coefficient != null && coefficient > defaults.maxCoefficient()) {
      // The budget admits native requests at the client's highest coefficient; none may exceed it.
      throw new BadRequestException("invalid_request", "max_coefficient " + coefficient
          + " is above this client's CocoonNative.maxCoefficient " + defaults.maxCoefficient() + "; nothing was sent",
          null);
    }
    CocoonRefusals.check(params, options);
  }

  @Override
  public Budget.Reservation admit(Budget budget, ChatCompletionCreateParams params, RequestOptions options) {
    if (gateway == null) {
      // The runner prices by worker coefficient: the cost is known only from the answer.
      return budget.reserveUnpriced();
    }
    // Natively the root config's prices bound the request as COCOON's proxy reserves it.
    CocoonJson.ChatRequest r = request(params, false, RequestOptions.defaults(), Duration.ofSeconds(120));
    long maxTokens = r.maxTokens != null ? r.maxTokens : CocoonInterceptor.DEFAULT_MAX_TOKENS;
    int maxCoefficient = defaults.maxCoefficient().intValue();
    return budget.reserve(gateway.config().maxCost(CocoonJson.write(r).length, maxTokens, maxCoefficient));
  }

  @Override
  public Attempt prepare(ChatCompletionCreateParams params, boolean stream, RequestOptions options,
      Duration timeout, Attempt previous) {
    return new Attempt(CocoonJson.write(request(params, stream, options, timeout)),
        gateway == null ? null : new dev.silk.core.internal.cocoon.CocoonInterceptor.Record());
  }

  CocoonJson.ChatRequest request(ChatCompletionCreateParams params, boolean stream, RequestOptions options,
      Duration timeout) {
    CocoonOptions cocoon = cocoonOptions(options);
    CocoonJson.ChatRequest r = new CocoonJson.ChatRequest();
    r.model = params.model();
    r.messages = new ArrayList<>();
    for (ChatMessage m : params.messages()) {
      CocoonJson.Message w = new CocoonJson.Message();
      w.role = m.role().wireName();
      w.content = m.content();
      r.messages.add(w);
    }
    r.temperature = params.temperature();
    r.maxTokens = params.maxTokens();
    r.stop = params.stop().isEmpty() ? null : params.stop();
    if (stream) {
      r.stream = Boolean.TRUE;
      r.streamOptions = new ChatJson.StreamOptions();
      r.streamOptions.includeUsage = Boolean.TRUE;
    }
    r.maxCoefficient = cocoon.maxCoefficient();
    r.requestGuid = cocoon.requestGuid();
    // The runner gives up when the caller does, so it stops generating (and charging) in time.
    r.timeout = timeout.toMillis() / 1000.0;
    return r;
  }

  @Override
  public Call<ResponseBody> call(Attempt a) {
    return api.chat(CocoonApi.json(a.json), a.record);
  }

  @Override
  public ChatCompletion finish(Attempt a, Response<ResponseBody> response) {
    byte[] body = Failures.body(response, MAX_ANSWER);
    if (response.code() != 200) {
      throw failureOf(response.code(), body);
    }
    try {
      ChatJson.Completion c = ChatJson.readCompletion(new String(body, StandardCharsets.UTF_8));
      return Mapping.completion(c, verification(a, c.usage));
    } catch (IOException e) {
      throw new VerificationException("malformed", "the runner's answer is not a chat completion", e);
    }
  }

  /** What the runner says the answer cost: {@code total_cost}, else the sum of its parts. */
  static TonAmount cost(ChatJson.Usage usage) {
    if (usage == null) {
      return TonAmount.ZERO;
    }
    try {
      if (usage.totalCost != null) {
        return TonAmount.ofNanoton(usage.totalCost);
      }
      long prompt = usage.promptTotalCost == null ? 0 : usage.promptTotalCost;
      long completion = usage.completionTotalCost == null ? 0 : usage.completionTotalCost;
      return TonAmount.ofNanoton(Math.addExact(prompt, completion));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new VerificationException("malformed", "the runner reported an impossible cost", e);
    }
  }

  @Override
  public EventStream openStream(Attempt a, Duration idleTimeout, Duration openTimeout,
      Budget.Reservation reservation) {
    Request request = new Request.Builder()
        .url(baseUrl.resolve(CocoonApi.CHAT_PATH))
        .post(CocoonApi.json(a.json))
        .tag(dev.silk.core.internal.cocoon.CocoonInterceptor.Record.class, a.record)
        .build();
    return new CocoonStream(http, request, this, a, idleTimeout, openTimeout, reservation).open();
  }

  /** Maps a runner failure to the client's typed exceptions. */
  SilkException failureOf(int status, byte[] body) {
    CocoonJson.Error error;
    try {
      error = CocoonJson.readError(body);
    } catch (IOException | RuntimeException e) {
      error = new CocoonJson.Error();
    }
    String text = text(error.error instanceof Map ? ((Map<?, ?>) error.error).get("message") : error.error);
    String message = (gateway == null ? "COCOON runner HTTP " : "COCOON proxy (as the runner maps it) HTTP ") + status
        + (text != null ? ": " + text : "");
    if (text != null && text.toLowerCase(java.util.Locale.ROOT).contains("unknown option")) {
      return new BadRequestException("cocoon_rejected_field", message, null);
    }
    switch (status) {
      case 504:
        return new SilkTimeoutException("cocoon_timeout", message, null);
      case 502:
        return new CocoonRunnerException("cocoon_unavailable", message, status, text(error.errorCode),
            text(error.proxy), text(error.worker));
      case 500:
        return new CocoonRunnerException("cocoon_error", message, status, text(error.errorCode),
            text(error.proxy), text(error.worker));
      case 401:
      case 403:
        return new UnauthorizedException("unauthorized", message, null);
      case 429:
        return new RateLimitedException("rate_limited", message, Duration.ZERO);
      default:
        return status >= 400 && status < 500
            ? new BadRequestException("http_" + status, message, null)
            : new NodeErrorException("http_" + status, message, null);
    }
  }

  /** A runner field as text: whole numbers without ".0", control characters dropped, length capped. */
  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s;
    if (value instanceof Double && ((Double) value) == Math.rint((Double) value)) {
      s = Long.toString(((Double) value).longValue());
    } else {
      s = String.valueOf(value);
    }
    s = s.replaceAll("\\p{Cntrl}", " ");
    return s.length() > MAX_ERROR_TEXT ? s.substring(0, MAX_ERROR_TEXT) + "…" : s;
  }

  /** Only failures where nothing reached the runner, or that it asked us to retry, are retried. */
  @Override
  public boolean retriable(SilkException e, Attempt a) {
    return (e instanceof SilkIoException && e.getCause() instanceof ConnectException)
        || e instanceof RateLimitedException;
  }

  @Override
  public Budget.Reservation admitText(Budget budget, TextCompletionCreateParams params) {
    return budget.reserveUnpriced();
  }

  @Override
  public Exchange<TextCompletion> textExchange(TextCompletionCreateParams params, RequestOptions options,
      Duration timeout) {
    CocoonOptions cocoon = cocoonOptions(options);
    CocoonJson.TextRequest r = new CocoonJson.TextRequest();
    r.model = params.model();
    r.prompt = params.prompt();
    r.maxTokens = params.maxTokens();
    r.temperature = params.temperature();
    r.stop = params.stop().isEmpty() ? null : params.stop();
    r.maxCoefficient = cocoon.maxCoefficient();
    r.requestGuid = cocoon.requestGuid();
    r.timeout = timeout.toMillis() / 1000.0;
    byte[] json = CocoonJson.write(r);
    return new Exchange<TextCompletion>() {
      @Override
      public Call<ResponseBody> nextAttempt() {
        return api.text(CocoonApi.json(json));
      }

      @Override
      public TextCompletion finish(Response<ResponseBody> response) {
        byte[] body = Failures.body(response, MAX_ANSWER);
        if (response.code() != 200) {
          throw failureOf(response.code(), body);
        }
        try {
          ChatJson.Completion c = ChatJson.readCompletion(new String(body, StandardCharsets.UTF_8));
          List<TextCompletion.Choice> choices = new ArrayList<>();
          if (c.choices != null) {
            for (ChatJson.Choice ch : c.choices) {
              if (ch.text == null) {
                throw new IOException("a choice without text");
              }
              choices.add(new TextCompletion.Choice(ch.index == null ? 0 : ch.index, ch.text, ch.finishReason));
            }
          }
          return new TextCompletion(c.id, c.model, c.created == null ? 0 : c.created, choices,
              Mapping.usage(c.usage), Verification.cocoonRunner(CocoonTransport.cost(c.usage)));
        } catch (IOException e) {
          throw new VerificationException("malformed", "the runner's answer is not a text completion", e);
        }
      }

      @Override
      public boolean retriable(SilkException e) {
        return CocoonTransport.this.retriable(e, null);
      }

      @Override
      public TonAmount cost(TextCompletion answer) {
        return answer.cost();
      }
    };
  }

  private CocoonOptions cocoonOptions(RequestOptions options) {
    return options.cocoon() != null ? options.cocoon().orElse(defaults) : defaults;
  }

  @Override
  public List<Model> models() {
    byte[] body;
    Response<ResponseBody> response;
    try {
      response = api.models().execute();
    } catch (IOException e) {
      throw Failures.io(e);
    }
    body = Failures.body(response, MAX_ANSWER);
    if (response.code() != 200) {
      throw failureOf(response.code(), body);
    }
    CocoonJson.Models listed;
    try {
      listed = CocoonJson.readModels(body);
    } catch (IOException | RuntimeException e) {
      throw new VerificationException("malformed", "the runner's model list is malformed", e);
    }
    List<Model> models = new ArrayList<>();
    for (CocoonJson.Model m : listed.data) {
      if (m == null || m.id == null) {
        throw new VerificationException("malformed", "a listed model has no id", null);
      }
      List<Model.Worker> workers = new ArrayList<>();
      if (m.workers != null) {
        for (CocoonJson.Worker w : m.workers) {
          workers.add(new Model.Worker(w.coefficient == null ? 0 : w.coefficient,
              w.runningRequests == null ? 0 : w.runningRequests,
              w.maxRunningRequests == null ? 0 : w.maxRunningRequests));
        }
      }
      models.add(new Model(m.id, m.ownedBy, m.created == null ? 0 : m.created, null, null, workers));
    }
    return models;
  }
}
