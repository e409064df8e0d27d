package dev.silk.core.internal.node;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Retrofit;

/**
 * A node's HTTP API over HTTP/2 where the node speaks it: over TLS ALPN chooses; on plain HTTP
 * (loopback, or allowed explicitly) the client speaks h2c with prior knowledge, and falls back
 * to HTTP/1.1 for good once a node is reached over HTTP/1.1 but not over h2c. Why: OkHttp 3
 * waits about 1 ms before every POST on a reused HTTP/1.1 connection (its health check reads
 * the socket with a 1 ms timeout), never on HTTP/2. An application's own protocol list is
 * respected, and every connection to a node gets {@code TCP_NODELAY} ({@link NoDelay}).
 * Thread-safe.
 */
public final class NodeConnection implements NodeApi {
  private static final List<Protocol> OKHTTP_DEFAULT = java.util.Arrays.asList(Protocol.HTTP_2, Protocol.HTTP_1_1);

  private final OkHttpClient negotiatedHttp;
  private final OkHttpClient priorKnowledgeHttp;
  private final NodeApi negotiated;
  private final NodeApi priorKnowledge;
  private volatile boolean http1Only;

  public NodeConnection(OkHttpClient app, HttpUrl baseUrl) {
    OkHttpClient.Builder builder = app.newBuilder();
    // First, so that the app's own network interceptors already see the option set.
    builder.networkInterceptors().add(0, NoDelay.INSTANCE);
    OkHttpClient http = builder.build();
    this.negotiatedHttp = http;
    this.priorKnowledgeHttp = !baseUrl.isHttps() && http.protocols().equals(OKHTTP_DEFAULT)
        ? http.newBuilder().protocols(Collections.singletonList(Protocol.H2_PRIOR_KNOWLEDGE)).build()
        : null;
    this.negotiated = api(http, baseUrl);
    this.priorKnowledge = priorKnowledgeHttp == null ? null : api(priorKnowledgeHttp, baseUrl);
  }

  /** The HTTP client for calls outside the Retrofit interface (streams), on the same protocol. */
  public OkHttpClient http() {
    return triesH2c() ? priorKnowledgeHttp : negotiatedHttp;
  }

  private static NodeApi api(OkHttpClient http, HttpUrl baseUrl) {
    return new Retrofit.Builder().baseUrl(baseUrl).client(http).build().create(NodeApi.class);
  }

  private NodeApi current() {
    return priorKnowledge != null && !http1Only ? priorKnowledge : negotiated;
  }

  /** Whether calls still try h2c (a plain-HTTP node not yet found to lack it). */
  public boolean triesH2c() {
    return priorKnowledge != null && !http1Only;
  }

  /** The API over HTTP/1.1 (or whatever TLS negotiates), for the one retry that tells h2c apart. */
  NodeApi withoutPriorKnowledge() {
    return negotiated;
  }

  /** The node answered over HTTP/1.1 where h2c failed: no more h2c to it. */
  void h2cRefused() {
    http1Only = true;
  }

  @Override
  public Call<ResponseBody> descriptor() {
    return current().descriptor();
  }

  @Override
  public Call<ResponseBody> sealedCompletion(RequestBody envelope, Map<String, String> headers, WireMark wire) {
    return current().sealedCompletion(envelope, headers, wire);
  }

  @Override
  public Call<ResponseBody> channelStatus(RequestBody signedRequest) {
    return current().channelStatus(signedRequest);
  }

  @Override
  public Call<ResponseBody> channelCommit(RequestBody commitRequest) {
    return current().channelCommit(commitRequest);
  }
}
