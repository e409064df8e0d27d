package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.ohttp.KeyConfig;
import dev.silk.crypto.ohttp.ObliviousGateway;
import dev.silk.crypto.ohttp.ObliviousRequest;
import dev.silk.node.ObliviousRelayTest.BoundSocketFactory;
import dev.silk.node.ObliviousRelayTest.Legs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code SilkClient} in its Oblivious HTTP mode: every call to the node (descriptor, sealed chat,
 * a stream) goes through the reference relay. The client speaks from 127.0.0.2 and never connects
 * to the node; a recording proxy in front of the node sees the relay's connections only, and no
 * form of the prompt's random marker crosses either leg or reaches the logs. A relay that hands
 * out its own key instead of the node's is caught before any prompt is sent.
 */
class ObliviousClientTest {
  private static final String CLIENT_ADDRESS = "127.0.0.2";

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).build();
  }

  @Test
  void aClientThroughTheRelayIsAnsweredAndVerifiedAndTheNodeNeverSeesIt() throws Exception {
    String core = PlaintextLeakTest.randomCore();
    String marker = "Mk" + core + " oblivious";

    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new PlaintextLeakTest.TeeStream(originalErr, logs), true, "UTF-8"));
    try (LocalNode node = new LocalNode(b -> b);
        Legs legs = new Legs(node.node.port());
        SilkClient client = SilkClient.builder().baseUrl(legs.nodeUrl()).obliviousRelay(legs.relayUrl())
            .okHttpClient(new OkHttpClient.Builder().socketFactory(new BoundSocketFactory(CLIENT_ADDRESS)).build())
            .lengthBuckets() // sizes show only their bucket, to the relay too
            .attestationPolicy(LocalNode.DEV).maxRetries(0).build()) {
      ChatCompletion answer = client.chat().completions().create(ask(marker));
      assertThat(answer.content()).as("the control: the echo came back").contains(marker);
      assertThat(answer.receipt().receipt().requestId()).as("verified as always").isNotNull();

      StringBuilder streamed = new StringBuilder();
      int chunks = 0;
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask(marker))) {
        while (stream.hasNext()) {
          ChatCompletionChunk chunk = stream.next();
          chunks++;
          streamed.append(chunk.delta() == null ? "" : chunk.delta());
        }
      }
      assertThat(streamed.toString()).contains(marker);
      assertThat(chunks).as("a stream arrives whole but in its chunks").isGreaterThan(1);

      assertThat(legs.toRelay.peers()).as("the client spoke to the relay from its own address")
          .containsOnly(CLIENT_ADDRESS);
      assertThat(legs.toNode.peers()).as("the node saw the relay only, the descriptor fetch included")
          .containsOnly("127.0.0.1");
      byte[] nodeLeg = legs.toNode.bytes();
      assertThat(PlaintextLeakTest.indexOf(nodeLeg, CLIENT_ADDRESS.getBytes(UTF_8))).isEqualTo(-1);
      assertThat(PlaintextLeakTest.indexOf(legs.toRelay.bytes(), "POST /v1/sealed".getBytes(UTF_8)))
          .as("not even the route shows on the client's leg").isEqualTo(-1);
      Map<String, byte[]> places = new LinkedHashMap<>();
      places.put("client-relay traffic", legs.toRelay.bytes());
      places.put("relay-node traffic", nodeLeg);
      places.put("logs", logs.toByteArray());
      PlaintextLeakTest.assertNoForm(marker, core, places);
    } finally {
      System.setErr(originalErr);
    }
  }

  /**
   * A relay that gives out its own key, opens what the client sends and passes it on to the real
   * node (so the node's genuine, attested descriptor comes back): the client sees that the
   * descriptor names another key and sends no prompt.
   */
  @Test
  void aRelayThatSubstitutesItsOwnKeyIsCaughtBeforeAnyPrompt() throws Exception {
    try (LocalNode node = new LocalNode(b -> b)) {
      ObliviousGateway attacker = ObliviousGateway.create(0);
      OkHttpClient http = new OkHttpClient();
      KeyConfig real;
      try (Response r = http.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + HttpBinding.OHTTP_KEYS)
          .build()).execute()) {
        real = KeyConfig.parseList(r.body().bytes()).get(0);
      }
      AtomicInteger opened = new AtomicInteger();
      java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
      HttpServer mitm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      mitm.createContext("/", exchange -> {
        byte[] out;
        String type;
        if ("GET".equals(exchange.getRequestMethod())) {
          out = KeyConfig.encodeList(Collections.singletonList(attacker.keyConfig()));
          type = HttpBinding.OHTTP_KEYS_TYPE;
        } else {
          try {
            ObliviousGateway.Request request = attacker.open(exchange.getRequestBody().readAllBytes());
            opened.incrementAndGet();
            paths.add(dev.silk.crypto.bhttp.BinaryRequest.decode(request.request()).path());
            ObliviousRequest onward = ObliviousRequest.encapsulate(real, request.request());
            try (Response r = http.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + HttpBinding.OHTTP)
                .post(RequestBody.create(MediaType.get(HttpBinding.OHTTP_REQUEST_TYPE), onward.encapsulated()))
                .build()).execute()) {
              out = request.sealResponse(onward.openResponse(r.body().bytes()));
            }
            type = HttpBinding.OHTTP_RESPONSE_TYPE;
          } catch (Exception e) {
            throw new java.io.IOException(e);
          }
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
      });
      mitm.start();
      try (SilkClient client = SilkClient.builder().baseUrl(node.node.baseUrl())
          .obliviousRelay("http://127.0.0.1:" + mitm.getAddress().getPort() + "/relay")
          .attestationPolicy(LocalNode.DEV).maxRetries(1).build()) {
        assertThatThrownBy(() -> client.chat().completions().create(ask("never sent")))
            .isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e.code()).isEqualTo("ohttp_key_mismatch"))
            .hasMessageContaining("OHTTP key the relay gave is not the node's");
      } finally {
        mitm.stop(0);
      }
      assertThat(opened.get()).as("the relay opened the descriptor request; a verification failure is not retried")
          .isEqualTo(1);
      assertThat(paths).as("and never a sealed request").containsOnly("/" + HttpBinding.NODE);
    }
  }

  /** A paying client through the relay: it pays, is answered, and never connects to the node. */
  @Test
  void aPaidClientThroughTheRelayPaysAndTheNodeNeverSeesIt() throws Exception {
    try (PaidNode paid = PaidNode.start(b -> b);
        Legs legs = new Legs(paid.local.node.port());
        SilkClient client = SilkClient.builder().baseUrl(legs.nodeUrl()).obliviousRelay(legs.relayUrl())
            .okHttpClient(new OkHttpClient.Builder().socketFactory(new BoundSocketFactory(CLIENT_ADDRESS)).build())
            .attestationPolicy(LocalNode.DEV).paymentProvider(paid.provider()).build()) {
      long costs = 0;
      for (int i = 0; i < 3; i++) {
        costs += client.chat().completions().create(ask("paid through a relay " + i)).receipt().receipt().costNanoton();
      }
      assertThat(costs).isPositive();
      assertThat(paid.ledgerCharged()).as("the node's ledger has exactly what the receipts say").isEqualTo(costs);
      assertThat(legs.toNode.peers()).as("the node saw the relay only").containsOnly("127.0.0.1");
    }
  }
}
