package dev.silk.node;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.stream.StreamResponse;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client and node speak HTTP/2 on plain loopback (h2c with prior knowledge), so that OkHttp 3's
 * 1 ms wait before each POST on a reused HTTP/1.1 connection is gone; an application's own
 * protocol list is respected, and a node that speaks only HTTP/1.1 is still reached.
 */
class Http2Test {
  private static final ChatCompletionCreateParams ASK = ChatCompletionCreateParams.builder().model("echo")
      .addMessage(ChatMessage.user("over h2c")).build();

  private LocalNode local;
  private final List<Protocol> protocols = new CopyOnWriteArrayList<>();
  private final List<Boolean> noDelay = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    local = new LocalNode(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    local.close();
  }

  private OkHttpClient recording(OkHttpClient http) {
    return http.newBuilder().addNetworkInterceptor(chain -> {
      protocols.add(chain.connection().protocol());
      noDelay.add(chain.connection().socket().getTcpNoDelay());
      return chain.proceed(chain.request());
    }).build();
  }

  @Test
  void wholeAndStreamedAnswersTravelOverH2cOnLoopback() {
    try (SilkClient client = local.client(recording(new OkHttpClient()), b -> b)) {
      assertThat(client.chat().completions().create(ASK).content()).isEqualTo("over h2c");
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ASK)) {
        StringBuilder text = new StringBuilder();
        stream.forEachRemaining(chunk -> text.append(chunk.delta()));
        assertThat(text.toString()).isEqualTo("over h2c");
      }
    }
    assertThat(protocols).hasSizeGreaterThanOrEqualTo(3).containsOnly(Protocol.H2_PRIOR_KNOWLEDGE);
    // Nagle off: over HTTP/2 it held small frames for the peer's delayed acknowledgement.
    assertThat(noDelay).containsOnly(true);
  }

  @Test
  void anApplicationsOwnSocketFactoryMakesTheSocketsAndNagleIsStillOff() {
    java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
    javax.net.SocketFactory own = new javax.net.SocketFactory() {
      @Override
      public java.net.Socket createSocket() {
        made.incrementAndGet();
        return new java.net.Socket();
      }

      @Override
      public java.net.Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.net.Socket createSocket(java.net.InetAddress host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local,
          int localPort) {
        throw new UnsupportedOperationException();
      }
    };
    try (SilkClient client = local.client(recording(new OkHttpClient.Builder().socketFactory(own).build()), b -> b)) {
      assertThat(client.chat().completions().create(ASK).content()).isEqualTo("over h2c");
    }
    assertThat(made.get()).isPositive();
    assertThat(noDelay).isNotEmpty().containsOnly(true);
  }

  /**
   * OkHttp pools connections by address, not by socket factory: an app's plain client sharing
   * Silk's pool can open the connection Silk then reuses. Over such a connection, with Nagle on,
   * a stream's first chunk waited for the node's delayed acknowledgement (42 ms instead of 1.4 ms).
   */
  @Test
  void aConnectionOpenedByTheAppsOtherClientGetsNagleOffToo() throws Exception {
    OkHttpClient appClient = new OkHttpClient.Builder()
        .protocols(java.util.Collections.singletonList(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    Request plain = new Request.Builder().url(local.node.baseUrl() + "/v1/node").build();
    try (Response opened = appClient.newCall(plain).execute()) {
      assertThat(opened.code()).isEqualTo(200);
    }
    assertThat(appClient.connectionPool().connectionCount()).isEqualTo(1);
    try (SilkClient client = local.client(recording(appClient.newBuilder().protocols(
        java.util.Arrays.asList(Protocol.HTTP_2, Protocol.HTTP_1_1)).build()), b -> b)) {
      assertThat(client.chat().completions().create(ASK).content()).isEqualTo("over h2c");
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ASK)) {
        assertThat(stream.hasNext()).isTrue();
      }
    }
    assertThat(appClient.connectionPool().connectionCount()).as("the app's connection was reused").isEqualTo(1);
    assertThat(noDelay).hasSizeGreaterThanOrEqualTo(2).containsOnly(true);
  }

  @Test
  void anApplicationsOwnProtocolsAreRespected() {
    OkHttpClient http1 = new OkHttpClient.Builder().protocols(Collections.singletonList(Protocol.HTTP_1_1)).build();
    try (SilkClient client = local.client(recording(http1), b -> b)) {
      assertThat(client.chat().completions().create(ASK).content()).isEqualTo("over h2c");
    }
    assertThat(protocols).isNotEmpty().containsOnly(Protocol.HTTP_1_1);
  }

  @Test
  void aNodeThatSpeaksOnlyHttp1IsReachedOverHttp1() throws Exception {
    byte[] descriptor;
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(local.node.baseUrl() + "/v1/node").build())
        .execute()) {
      descriptor = r.body().bytes();
    }
    // An HTTP/1.1-only front serving the node's own signed descriptor.
    WireMockServer http1Only = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
        .http2PlainDisabled(true));
    http1Only.start();
    try {
      http1Only.stubFor(get(urlEqualTo("/v1/node")).willReturn(aResponse().withStatus(200).withBody(descriptor)));
      try (SilkClient client = SilkClient.builder().baseUrl("http://127.0.0.1:" + http1Only.port())
          .attestationPolicy(LocalNode.DEV).okHttpClient(recording(new OkHttpClient())).build()) {
        assertThat(client.node().nodeId()).isEqualTo(local.node.descriptor().nodeId());
      }
    } finally {
      http1Only.stop();
    }
    assertThat(protocols).contains(Protocol.HTTP_1_1);
  }

  @Test
  void hundredsOfCancelledStreamsDoNotCostTheSharedConnection() throws Exception {
    // Jetty's rapid-reset guard would close a connection after 128 resets in a second; a client
    // that stops many answers (one reset each) must keep its connection and every request on it.
    ChatCompletionCreateParams longAnswer = ChatCompletionCreateParams.builder().model("echo")
        .addMessage(ChatMessage.user(String.join(" ", Collections.nCopies(300, "word")))).build();
    try (LocalNode busy = new LocalNode(b -> b.limits(l -> l.rateLimitPerSecond(1e6).rateLimitPerClient(1_000_000)));
        SilkClient client = busy.client(recording(new OkHttpClient()), b -> b.maxRetries(0))) {
      for (int i = 0; i < 600; i++) {
        // Stopped after its first chunk, while the node is still writing the rest: a real reset.
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(longAnswer)) {
          assertThat(stream.hasNext()).isTrue();
        }
      }
      assertThat(client.chat().completions().create(ASK).content()).isEqualTo("over h2c");
    }
    assertThat(protocols).containsOnly(Protocol.H2_PRIOR_KNOWLEDGE);
  }
}
