package dev.silk.ton.center;

import static dev.silk.ton.internal.JsonTree.array;
import static dev.silk.ton.internal.JsonTree.base64;
import static dev.silk.ton.internal.JsonTree.longValue;
import static dev.silk.ton.internal.JsonTree.object;
import static dev.silk.ton.internal.JsonTree.string;

import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.internal.JsonTree;
import dev.silk.ton.internal.TonCenterApi;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * A client of the TON Center v2 HTTP API (mainnet, testnet, or a local chain that speaks it):
 * account state and balance, get-methods, sending messages, transactions and fee estimates.
 * Answers are unwrapped from TON Center's {@code {"ok","result"}} envelope; refusals become
 * {@link TonCenterException}s; 429 answers are retried with exponential backoff (or the server's
 * Retry-After) and end as {@link RateLimitedException}. Thread-safe.
 *
 * <pre>{@code
 * TonCenterClient ton = TonCenterClient.builder().baseUrl(TonCenterClient.TESTNET)
 *     .apiKey(System.getenv("TONCENTER_API_KEY")).build();
 * TonAmount balance = ton.getAddressBalance(TonAddress.parse("EQ…"));
 * }</pre>
 */
public final class TonCenterClient {
  /** TON Center v2 on mainnet. */
  public static final String MAINNET = "https://toncenter.com/api/v2/";
  /** TON Center v2 on testnet. */
  public static final String TESTNET = "https://testnet.toncenter.com/api/v2/";

  private static final int MAX_ANSWER = 8 << 20;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

  private final TonCenterApi api;
  private final int maxRetries;
  private final Duration backoff;

  private TonCenterClient(TonCenterApi api, int maxRetries, Duration backoff) {
    this.api = api;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
  }

  public static Builder builder() {
    return new Builder();
  }

  public AddressInformation getAddressInformation(TonAddress address) {
    return call(() -> api.getAddressInformation(address.toRaw()), result -> {
      Map<?, ?> r = object(result, "result");
      Map<?, ?> last = r.get("last_transaction_id") == null ? null : object(r.get("last_transaction_id"),
          "last_transaction_id");
      String state = string(r, "state");
      AddressInformation.State parsed;
      if ("active".equals(state)) {
        parsed = AddressInformation.State.ACTIVE;
      } else if ("frozen".equals(state)) {
        parsed = AddressInformation.State.FROZEN;
      } else if ("uninitialized".equals(state) || "uninit".equals(state)) {
        parsed = AddressInformation.State.UNINITIALIZED;
      } else {
        throw new IOException("unknown account state '" + state + "'");
      }
      return new AddressInformation(TonCenterValues.nanoton(r.get("balance"), "balance"), parsed, base64(r, "code"),
          base64(r, "data"), last == null ? 0 : longValue(last, "lt", 0), last == null ? null : string(last, "hash"),
          longValue(r, "sync_utime", 0));
    });
  }

  public TonAmount getAddressBalance(TonAddress address) {
    return call(() -> api.getAddressBalance(address.toRaw()), result -> TonCenterValues.nanoton(result, "result"));
  }

  /**
   * Runs a get-method. A non-zero exit code is a result, not an exception: check
   * {@link GetMethodResult#succeeded()}.
   *
   * @param args number arguments, bottom of the stack first
   */
  public GetMethodResult runGetMethod(TonAddress address, String method, List<BigInteger> args) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("address", address.toRaw());
    body.put("method", Objects.requireNonNull(method, "method"));
    List<Object> stack = new ArrayList<>();
    for (BigInteger arg : args) {
      stack.add(java.util.Arrays.asList("num", (arg.signum() < 0 ? "-0x" : "0x") + arg.abs().toString(16)));
    }
    body.put("stack", stack);
    byte[] json = JsonTree.write(body).getBytes(StandardCharsets.UTF_8);
    return call(() -> api.runGetMethod(TonCenterApi.json(json)), result -> {
      Map<?, ?> r = object(result, "result");
      List<StackEntry> entries = new ArrayList<>();
      for (Object e : array(r.get("stack"), "stack")) {
        entries.add(TonCenterValues.topEntry(e));
      }
      return new GetMethodResult((int) longValue(r, "exit_code", 0), longValue(r, "gas_used", 0), entries);
    });
  }

  /** Sends a serialized external message. */
  public void sendBoc(byte[] boc) {
    byte[] json = bocRequest(boc);
    call(() -> api.sendBoc(TonCenterApi.json(json)), result -> result);
  }

  /** Sends a serialized external message and returns its hash (base64), to find it later. */
  public String sendBocReturnHash(byte[] boc) {
    byte[] json = bocRequest(boc);
    return call(() -> api.sendBocReturnHash(TonCenterApi.json(json)), result -> {
      String hash = string(object(result, "result"), "hash");
      if (hash == null) {
        throw new IOException("no hash in the answer");
      }
      return hash;
    });
  }

  /** The account's latest transactions, newest first. */
  public List<Transaction> getTransactions(TonAddress address, int limit) {
    return getTransactions(address, limit, null, null);
  }

  /** Transactions from the one with logical time {@code lt} and hash {@code hash} backwards. */
  public List<Transaction> getTransactions(TonAddress address, int limit, Long lt, String hash) {
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be within [1, 100]");
    }
    return call(() -> api.getTransactions(address.toRaw(), limit, lt, hash, null), result -> {
      List<Transaction> out = new ArrayList<>();
      for (Object t : array(result, "result")) {
        out.add(TonCenterValues.transaction(object(t, "transaction")));
      }
      return out;
    });
  }

  /** Estimates what an external message to {@code address} costs its source account. */
  public FeeEstimate estimateFee(TonAddress address, byte[] body, byte[] initCode, byte[] initData,
      boolean ignoreSignature) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("address", address.toRaw());
    request.put("body", Base64.getEncoder().encodeToString(body));
    request.put("init_code", initCode == null ? "" : Base64.getEncoder().encodeToString(initCode));
    request.put("init_data", initData == null ? "" : Base64.getEncoder().encodeToString(initData));
    request.put("ignore_chksig", ignoreSignature);
    byte[] json = JsonTree.write(request).getBytes(StandardCharsets.UTF_8);
    return call(() -> api.estimateFee(TonCenterApi.json(json)), result -> {
      Map<?, ?> fees = object(object(result, "result").get("source_fees"), "source_fees");
      return new FeeEstimate(TonCenterValues.nanoton(fees.get("in_fwd_fee"), "in_fwd_fee"),
          TonCenterValues.nanoton(fees.get("storage_fee"), "storage_fee"), TonCenterValues.nanoton(fees.get("gas_fee"), "gas_fee"),
          TonCenterValues.nanoton(fees.get("fwd_fee"), "fwd_fee"));
    });
  }

  // ---- parsing ----

  private static byte[] bocRequest(byte[] boc) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("boc", Base64.getEncoder().encodeToString(Objects.requireNonNull(boc, "boc")));
    return JsonTree.write(request).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads TON Center's result from its envelope. */
  private interface ResultReader<T> {
    T read(Object result) throws IOException;
  }

  private <T> T call(Supplier<Call<ResponseBody>> request, ResultReader<T> reader) {
    for (int attempt = 0; ; attempt++) {
      Response<ResponseBody> response;
      byte[] body;
      try {
        response = request.get().execute();
        body = read(response);
      } catch (InterruptedIOException e) {
        throw new SilkTimeoutException("timeout", "TON Center did not answer in time", e);
      } catch (IOException e) {
        throw new SilkIoException("io", "TON Center unreachable: " + e.getClass().getSimpleName(), e);
      }
      if (response.code() == 429) {
        Duration advised = retryAfter(response);
        if (attempt >= maxRetries) {
          throw new RateLimitedException("rate_limited", "TON Center rate limit (HTTP 429) after " + (attempt + 1)
              + " attempts; an API key raises the limit", advised);
        }
        sleep(delay(attempt, advised));
        continue;
      }
      Map<?, ?> envelope;
      try {
        envelope = object(JsonTree.parse(body), "answer");
      } catch (IOException e) {
        throw new TonCenterException("toncenter_malformed", "HTTP " + response.code() + " without TON Center's "
            + "JSON envelope", response.code(), e);
      }
      if (!Boolean.TRUE.equals(envelope.get("ok"))) {
        Object code = envelope.get("code");
        String codeText = code == null ? Integer.toString(response.code()) : code.toString().replace(".0", "");
        Object error = envelope.get("error");
        throw new TonCenterException("toncenter_" + codeText.toLowerCase(Locale.ROOT), "TON Center refused: "
            + (error == null ? "(no reason)" : clip(error.toString())), response.code(), null);
      }
      try {
        return reader.read(envelope.get("result"));
      } catch (IOException e) {
        throw new TonCenterException("toncenter_malformed", "unexpected answer: " + e.getMessage(), response.code(),
            e);
      }
    }
  }

  private static byte[] read(Response<ResponseBody> response) throws IOException {
    try (ResponseBody b = response.isSuccessful() ? response.body() : response.errorBody()) {
      if (b == null) {
        return new byte[0];
      }
      if (b.contentLength() > MAX_ANSWER) {
        throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
      }
      byte[] bytes = b.bytes();
      if (bytes.length > MAX_ANSWER) {
        throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
      }
      return bytes;
    }
  }

  private static String clip(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", " ");
    return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
  }

  private static Duration retryAfter(Response<?> response) {
    String header = response.headers().get("Retry-After");
    if (header != null) {
      try {
        return Duration.ofSeconds(Math.min(Long.parseLong(header.trim()), 60));
      } catch (NumberFormatException ignored) {
        // An HTTP date or garbage: fall back to our own backoff.
      }
    }
    return Duration.ZERO;
  }

  private Duration delay(int attempt, Duration advised) {
    long exponential = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt, 10));
    long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
    return Duration.ofMillis(Math.max(jittered, advised.toMillis()));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SilkIoException("cancelled", "interrupted while backing off", e);
    }
  }

  /** Builds a {@link TonCenterClient}; not thread-safe. */
  public static final class Builder {
    private HttpUrl baseUrl;
    private String apiKey;
    private OkHttpClient okHttpClient;
    private int maxRetries = 3;
    private Duration backoff = Duration.ofSeconds(1);

    private Builder() {}

    /** {@link #MAINNET}, {@link #TESTNET}, or a local chain's {@code …/api/v2/}. */
    public Builder baseUrl(String baseUrl) {
      HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (url == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
      }
      String path = url.encodedPath().endsWith("/") ? url.encodedPath() : url.encodedPath() + "/";
      this.baseUrl = url.newBuilder().encodedPath(path).build();
      return this;
    }

    /** Sent as {@code X-API-Key}; without one TON Center allows about one request per second. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /** Retries after HTTP 429; default 3. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** First delay after a 429, doubled per attempt with jitter; default 1 s. */
    public Builder retryBackoff(Duration backoff) {
      if (backoff.isNegative() || backoff.isZero()) {
        throw new IllegalArgumentException("backoff must be positive");
      }
      this.backoff = backoff;
      return this;
    }

    /** @throws IllegalArgumentException without a base URL */
    public TonCenterClient build() {
      if (baseUrl == null) {
        throw new IllegalArgumentException("baseUrl is required (TonCenterClient.MAINNET, TESTNET or a local chain)");
      }
      OkHttpClient.Builder http = okHttpClient != null ? okHttpClient.newBuilder() : new OkHttpClient.Builder();
      String key = apiKey;
      if (key != null) {
        http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-API-Key", key).build()));
      }
      TonCenterApi api = new Retrofit.Builder().baseUrl(baseUrl).client(http.build()).build()
          .create(TonCenterApi.class);
      return new TonCenterClient(api, maxRetries, backoff);
    }
  }
}
