package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.bhttp.BinaryRequest;
import dev.silk.crypto.bhttp.BinaryResponse;
import dev.silk.crypto.bhttp.Fields;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.ohttp.KeyConfig;
import dev.silk.crypto.ohttp.ObliviousRequest;
import dev.silk.node.relay.ObliviousRelay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A sealed request through the reference relay to a node acting as its own gateway. The client
 * speaks from 127.0.0.2; a recording proxy in front of the node shows that every connection the
 * node saw came from the relay (127.0.0.1), none from the client's address; recording proxies on
 * both legs and the relay's log show no form of a random marker from the prompt (which the client
 * does get back, the control).
 */
class ObliviousRelayTest {
  private static final String CLIENT_ADDRESS = "127.0.0.2";

  @Test
  void theNodeNeverSeesTheClientAndTheRelayNeverSeesThePrompt() throws Exception {
    String core = PlaintextLeakTest.randomCore();
    String marker = "Mk" + core + " relay";

    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new PlaintextLeakTest.TeeStream(originalErr, logs), true, "UTF-8"));
    try (LocalNode node = new LocalNode(b -> b);
        Legs legs = new Legs(node.node.port())) {
      Recorder toNode = legs.toNode;
      Recorder toRelay = legs.toRelay;
      OkHttpClient direct = new OkHttpClient();
      SignedDescriptor d;
      try (Response r = direct.newCall(new Request.Builder().url(node.node.baseUrl() + "/" + HttpBinding.NODE).build())
          .execute()) {
        d = SignedDescriptor.parse(r.body().bytes());
      }
      d.verify(LocalNode.DEV, Instant.now());

      SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body(("{\"model\":\"echo\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}").getBytes(UTF_8)).build(),
          d.recipient());
      ObliviousRequest request = ObliviousRequest.encapsulate(KeyConfig.ofNode(d),
          BinaryRequest.builder().method("POST").scheme("https").authority("node").path("/" + HttpBinding.SEALED_CHAT)
              .headers(Fields.of("content-type", HttpBinding.ENVELOPE_TYPE)).content(sealed.envelope()).build()
              .encode());
      OkHttpClient client = new OkHttpClient.Builder().socketFactory(new BoundSocketFactory(CLIENT_ADDRESS)).build();
      byte[] answer;
      try (Response r = client.newCall(new Request.Builder()
          .url("http://127.0.0.1:" + toRelay.port() + "/relay/127.0.0.1:" + toNode.port())
          .header("User-Agent", "identifying-client/1.0").header("X-Forwarded-For", CLIENT_ADDRESS)
          .post(RequestBody.create(MediaType.get(HttpBinding.OHTTP_REQUEST_TYPE), request.encapsulated())).build())
          .execute()) {
        assertThat(r.code()).isEqualTo(200);
        answer = r.body().bytes();
      }
      BinaryResponse inner = BinaryResponse.decode(request.openResponse(answer));
      ResponseReader reader = sealed.responseReader(d.signingKey());
      String text = new String(reader.read(inner.content()).data(), UTF_8);
      assertThat(text).as("the control: the client got its marker back").contains(marker);
      assertThat(reader.receipt().receipt().requestId()).isEqualTo(sealed.requestId());

      assertThat(toRelay.peers()).as("the client spoke to the relay from its own address").contains(CLIENT_ADDRESS);
      assertThat(toNode.peers()).as("every connection the node saw came from the relay").containsOnly("127.0.0.1");
      byte[] nodeLeg = toNode.bytes();
      assertThat(PlaintextLeakTest.indexOf(nodeLeg, CLIENT_ADDRESS.getBytes(UTF_8))).as("client address on the node's"
          + " leg").isEqualTo(-1);
      assertThat(PlaintextLeakTest.indexOf(nodeLeg, "identifying-client".getBytes(UTF_8)))
          .as("the client's headers are not forwarded").isEqualTo(-1);
      Map<String, byte[]> places = new java.util.LinkedHashMap<>();
      places.put("client-relay traffic", toRelay.bytes());
      places.put("relay-node traffic", nodeLeg);
      places.put("logs", logs.toByteArray());
      PlaintextLeakTest.assertNoForm(marker, core, places);

      // Only gateways in the allow list: another target is refused, nothing forwarded.
      int before = toNode.peers().size();
      try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + toRelay.port()
          + "/relay/127.0.0.1:" + node.node.port()).post(RequestBody.create(MediaType.get(
              HttpBinding.OHTTP_REQUEST_TYPE), request.encapsulated())).build()).execute()) {
        assertThat(r.code()).isEqualTo(404);
      }
      assertThat(toNode.peers()).hasSize(before);
    } finally {
      System.setErr(originalErr);
    }
  }

  /**
   * A node's two legs through the reference relay, each behind a recording proxy: the relay
   * forwards to {@link #nodeUrl()} only, and a client reaches it at {@link #relayUrl()}.
   */
  static final class Legs implements AutoCloseable {
    final Recorder toNode;
    final ObliviousRelay relay;
    final Recorder toRelay;

    Legs(int nodePort) throws Exception {
      toNode = new Recorder(nodePort);
      relay = ObliviousRelay.start("127.0.0.1", 0, Collections.singletonList(URI.create(nodeUrl())), 1 << 20,
          Duration.ofSeconds(10));
      toRelay = new Recorder(relay.port());
    }

    /** The node as the client and the relay name it (through the recorder). */
    String nodeUrl() {
      return "http://127.0.0.1:" + toNode.port();
    }

    /** Where a client posts this node's OHTTP requests (and gets its key configuration). */
    String relayUrl() {
      return "http://127.0.0.1:" + toRelay.port() + "/relay/127.0.0.1:" + toNode.port();
    }

    @Override
    public void close() throws Exception {
      toRelay.close();
      relay.close();
      toNode.close();
    }
  }

  /** A TCP proxy that records the addresses it accepted from and every byte both ways. */
  static final class Recorder implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final java.util.List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    Recorder(int target) throws IOException {
      this.target = target;
      this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      Thread accept = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket in = server.accept();
            peers.add(in.getInetAddress().getHostAddress());
            Socket out = new Socket("127.0.0.1", target);
            open.add(in);
            open.add(out);
            pump(in, out);
            pump(out, in);
          } catch (IOException closed) {
            return;
          }
        }
      }, "recorder-accept");
      accept.setDaemon(true);
      accept.start();
    }

    private void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            synchronized (bytes) {
              bytes.write(buffer, 0, n);
            }
            out.write(buffer, 0, n);
          }
        } catch (IOException done) {
          // one side closed
        }
      }, "recorder-pump");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    Set<String> peers() {
      return peers;
    }

    byte[] bytes() {
      synchronized (bytes) {
        return bytes.toByteArray();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }

  /** Sockets bound to one local address, so that the client has an address of its own on loopback. */
  static final class BoundSocketFactory extends SocketFactory {
    private final String address;

    BoundSocketFactory(String address) {
      this.address = address;
    }

    @Override
    public Socket createSocket() throws IOException {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(address, 0));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException();
    }
  }
}
