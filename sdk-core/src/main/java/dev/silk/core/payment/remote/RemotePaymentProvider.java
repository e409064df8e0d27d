package dev.silk.core.payment.remote;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The app's end of the remote payment API: a {@link PaymentProvider} that holds no wallet and no
 * key, and asks the app's backend ({@link RemotePaymentService}) for each signed payment state.
 * When the backend needs the node's channel status (after a lost answer) this provider fetches
 * it from the node, signed, and passes it on. Apache-2.0 like the rest of sdk-core: an Android
 * app pays without bundling GPL code. Thread-safe.
 *
 * <pre>{@code
 * PaymentProvider pay = RemotePaymentProvider.builder()
 *     .backend("https://backend.example/silk/payments")
 *     .header("Authorization", () -> "tma " + initData)
 *     .build();
 * SilkClient client = SilkClient.builder().baseUrl(nodeUrl).paymentProvider(pay).build();
 * }</pre>
 */
public final class RemotePaymentProvider implements PaymentProvider {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_REPLY = 64 * 1024;

  private final HttpUrl backend;
  private final OkHttpClient http;
  private final Map<String, Supplier<String>> headers;

  private RemotePaymentProvider(Builder b) {
    this.backend = b.backend;
    this.http = b.http;
    this.headers = new LinkedHashMap<>(b.headers);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PaymentAuthorization authorize(PaymentRequest request) {
    PaymentTerms terms = request.terms();
    ModelInfo model = request.model();
    RemotePaymentMessages.Authorize a = new RemotePaymentMessages.Authorize();
    a.nodeKey = Hex.encode(request.nodeKey().toBytes());
    a.scheme = terms.scheme();
    a.counterpartyKey = Hex.encode(terms.counterpartyKey());
    a.address = terms.address();
    a.minDepositNanoton = terms.minDepositNanoton();
    a.maxInFlight = terms.maxInFlight();
    a.model = model.name();
    a.backend = model.backend();
    a.promptPer1k = model.promptNanotonPer1k();
    a.completionPer1k = model.completionNanotonPer1k();
    a.maxCompletionTokens = model.maxCompletionTokens();
    a.maxCostNanoton = request.maxCost().nanoton();
    for (int round = 0; ; round++) {
      Reply reply = post("authorize", RemotePaymentMessages.write(RemotePaymentMessages.Authorize.class, a));
      RemotePaymentMessages.Authorized out = reply.read(RemotePaymentMessages.Authorized.class);
      if (reply.status == 409 && out.statusRequest != null && round == 0) {
        // The backend's channel needs the node's signed account first: ask the node, pass it on.
        ChannelStatus status = request.nodeChannel().status(Base64.getDecoder().decode(out.statusRequest));
        a.status = Base64.getEncoder().encodeToString(status.toBytes());
        continue;
      }
      if (reply.status != 200 || out.payment == null) {
        throw reply.refused();
      }
      return PaymentAuthorization.of(Base64.getDecoder().decode(out.payment), TonAmount.ofNanoton(out.maxCostNanoton),
          out.handle);
    }
  }

  @Override
  public void settled(PaymentAuthorization authorization, SignedReceipt receipt) {
    RemotePaymentMessages.Outcome o = outcome(authorization);
    o.receipt = Base64.getEncoder().encodeToString(receipt.toBytes());
    report("settled", o);
  }

  @Override
  public void quoted(PaymentAuthorization authorization, PaymentQuote quote) {
    RemotePaymentMessages.Outcome o = outcome(authorization);
    o.quote = Base64.getEncoder().encodeToString(quote.toBytes());
    report("quoted", o);
  }

  @Override
  public void released(PaymentAuthorization authorization, boolean mayHaveReachedNode) {
    RemotePaymentMessages.Outcome o = outcome(authorization);
    o.mayHaveReachedNode = mayHaveReachedNode;
    report("released", o);
  }

  private static RemotePaymentMessages.Outcome outcome(PaymentAuthorization authorization) {
    RemotePaymentMessages.Outcome o = new RemotePaymentMessages.Outcome();
    o.handle = authorization.handle();
    return o;
  }

  private void report(String operation, RemotePaymentMessages.Outcome o) {
    Reply reply = post(operation, RemotePaymentMessages.write(RemotePaymentMessages.Outcome.class, o));
    if (reply.status != 204) {
      throw reply.refused();
    }
  }

  private Reply post(String operation, byte[] json) {
    Request.Builder request = new Request.Builder().url(backend.newBuilder().addPathSegment(operation).build())
        .post(RequestBody.create(JSON, json));
    for (Map.Entry<String, Supplier<String>> h : headers.entrySet()) {
      request.header(h.getKey(), h.getValue().get());
    }
    try (Response r = http.newCall(request.build()).execute(); ResponseBody body = r.body()) {
      return new Reply(r.code(), body == null ? new byte[0] : capped(body.byteStream()));
    } catch (IOException e) {
      throw new SilkIoException("payment_backend_unreachable", "the payment backend could not be reached: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** At most {@link #MAX_REPLY} bytes; a longer reply is the backend's fault. */
  private static byte[] capped(java.io.InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_REPLY) {
        throw new IOException("payment backend reply longer than " + MAX_REPLY + " bytes");
      }
    }
    return out.toByteArray();
  }

  private static final class Reply {
    final int status;
    final byte[] body;

    Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    <T> T read(Class<T> type) {
      try {
        return RemotePaymentMessages.read(type, body);
      } catch (IOException | RuntimeException e) {
        throw refused();
      }
    }

    PaymentRequiredException refused() {
      String detail = "HTTP " + status;
      try {
        RemotePaymentMessages.Refusal r = RemotePaymentMessages.read(RemotePaymentMessages.Refusal.class, body);
        detail = (r.code == null ? "" : r.code + ": ") + r.message + " (HTTP " + status + ")";
      } catch (IOException | RuntimeException notJson) {
        // the status alone
      }
      return new PaymentRequiredException("payment_backend_refused", "the payment backend refused: " + detail, null);
    }
  }

  /** Builds a {@link RemotePaymentProvider}; not thread-safe. */
  public static final class Builder {
    private HttpUrl backend;
    private OkHttpClient http = new OkHttpClient();
    private final Map<String, Supplier<String>> headers = new LinkedHashMap<>();

    private Builder() {}

    /** The API's base URL; operations are posted to {@code <url>/authorize}, {@code /settled}, ... */
    public Builder backend(String url) {
      HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url"));
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      this.backend = parsed;
      return this;
    }

    public Builder okHttpClient(OkHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** A header sent with every call, its value asked for each time (a session token, initData). */
    public Builder header(String name, Supplier<String> value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public RemotePaymentProvider build() {
      if (backend == null) {
        throw new IllegalArgumentException("backend(url) is required");
      }
      return new RemotePaymentProvider(this);
    }
  }
}
