package dev.silk.faketon;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link FakeTonChain} behind the TON Center v2 subset Silk uses, on loopback:
 * {@code getAddressInformation}, {@code getAddressBalance}, {@code runGetMethod},
 * {@code sendBoc}, {@code sendBocReturnHash}, {@code getTransactions}, {@code estimateFee}, in
 * TON Center's {@code {"ok","result"}} envelope; plus a faucet, {@code POST /fake/give}
 * {@code {"address","amount"}}, that no real chain has. Says loudly that it is not the chain.
 *
 * <pre>{@code
 * try (FakeTonServer chain = FakeTonServer.start(0)) {
 *   TonCenterClient ton = TonCenterClient.builder().baseUrl(chain.tonCenterUrl()).build();
 * }
 * }</pre>
 */
public final class FakeTonServer implements AutoCloseable {
  private static final java.util.concurrent.atomic.AtomicBoolean BANNER_SHOWN =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static final Logger LOG = LoggerFactory.getLogger("fake-ton");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final Server server;
  private final FakeTonChain chain;
  private final int port;

  private FakeTonServer(Server server, FakeTonChain chain, int port) {
    this.server = server;
    this.chain = chain;
    this.port = port;
  }

  /** Starts on 127.0.0.1 at {@code port} (0: a free one). */
  public static FakeTonServer start(int port) throws Exception {
    FakeTonChain chain = new FakeTonChain(Clock.systemUTC());
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Api(chain));
    server.setStopTimeout(0);
    server.start();
    FakeTonServer fake = new FakeTonServer(server, chain, connector.getLocalPort());
    // Loud at every start, but once per JVM when silk.warnings=once (Silk's test runs; see LoudWarnings).
    if (!"once".equals(System.getProperty("silk.warnings")) || BANNER_SHOWN.compareAndSet(false, true)) {
      LOG.warn("FAKE TON CHAIN on {}: NOT the real TON chain (flat fees, no blocks, wallets v4r2/v5r1 and payment "
          + "channels only); its money is worth nothing", fake.tonCenterUrl());
    }
    return fake;
  }

  /** Base URL of its TON Center v2 API, ending in {@code /api/v2/}. */
  public String tonCenterUrl() {
    return "http://127.0.0.1:" + port + "/api/v2/";
  }

  public FakeTonChain chain() {
    return chain;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class Api extends Handler.Abstract {
    private final FakeTonChain chain;

    Api(FakeTonChain chain) {
      this.chain = chain;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        route(request, response);
        callback.succeeded();
      } catch (Throwable t) {
        callback.failed(t);
      }
      return true;
    }

    private void route(Request request, Response response) throws IOException {
      String path = Request.getPathInContext(request);
      Fields query = Request.extractQueryParameters(request);
      Map<?, ?> body = "POST".equals(request.getMethod()) ? body(request) : new HashMap<>();
      try {
        Object result;
        switch (path) {
          case "/api/v2/getAddressInformation":
            result = chain.accountState(query.getValue("address"));
            break;
          case "/api/v2/getAddressBalance":
            result = Long.toString(chain.balance(query.getValue("address")));
            break;
          case "/api/v2/runGetMethod":
            result = chain.runGetMethod((String) body.get("address"), (String) body.get("method"));
            break;
          case "/api/v2/sendBoc":
          case "/api/v2/sendBocReturnHash":
            String hash = chain.sendExternal(Base64.getDecoder().decode((String) body.get("boc")));
            Map<String, Object> info = new HashMap<>();
            info.put("@type", path.endsWith("Hash") ? "raw.extMessageInfo" : "ok");
            if (path.endsWith("Hash")) {
              info.put("hash", hash);
            }
            result = info;
            break;
          case "/api/v2/getTransactions":
            String limit = query.getValue("limit");
            result = chain.transactions(query.getValue("address"), limit == null ? 10 : Integer.parseInt(limit));
            break;
          case "/api/v2/estimateFee":
            result = TonCenterJson.flatFees();
            break;
          case "/fake/give":
            chain.give((String) body.get("address"), Long.parseLong(body.get("amount").toString()));
            result = "ok";
            break;
          default:
            answer(response, 404, error("not found: " + path, 404));
            return;
        }
        Map<String, Object> ok = new HashMap<>();
        ok.put("ok", true);
        ok.put("result", result);
        answer(response, 200, ok);
      } catch (ChainRejection e) {
        answer(response, 500, error("external message rejected: " + e.getMessage(), 500));
      } catch (RuntimeException | Error e) {
        answer(response, 400, error("bad request: " + e.getClass().getSimpleName(), 400));
      }
    }

    private static Map<String, Object> error(String message, int code) {
      Map<String, Object> e = new HashMap<>();
      e.put("ok", false);
      e.put("error", message);
      e.put("code", code);
      return e;
    }

    private static Map<?, ?> body(Request request) throws IOException {
      try (InputStream in = Content.Source.asInputStream(request)) {
        Object parsed = JSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        return parsed instanceof Map ? (Map<?, ?>) parsed : new HashMap<>();
      } catch (com.squareup.moshi.JsonDataException | java.io.EOFException e) {
        return new HashMap<>();
      }
    }

    private static void answer(Response response, int status, Object json) throws IOException {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, ByteBuffer.wrap(JSON.toJson(json).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
