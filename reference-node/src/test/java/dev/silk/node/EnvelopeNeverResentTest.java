package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

/**
 * The connection is cut after the node has read a sealed request and begun to answer it. OkHttp
 * would re-send the same envelope on its own (on a fresh connection, for HTTP/2 and for a reused
 * HTTP/1.1 connection); the node recorded that envelope before serving it and refuses the copy as
 * a replay, so the caller saw a spurious "request seen before". Silk's own retry seals afresh and
 * gets the answer.
 */
class EnvelopeNeverResentTest {
  private static final String PROMPT = longPrompt();

  @Test
  void aCutAfterTheNodeReadTheRequestIsRetriedWithAFreshSealOverH2c() throws Exception {
    assertAnsweredThroughACut(new OkHttpClient());
  }

  @Test
  void theSameOverAReusedHttp1Connection() throws Exception {
    assertAnsweredThroughACut(new OkHttpClient.Builder().protocols(java.util.Collections.singletonList(Protocol.HTTP_1_1))
        .build());
  }

  private static void assertAnsweredThroughACut(OkHttpClient http) throws Exception {
    try (LocalNode local = new LocalNode(b -> b);
        CuttingProxy proxy = new CuttingProxy(local.node.port());
        SilkClient client = local.client(http, b -> b.baseUrl("http://127.0.0.1:" + proxy.port()))) {
      ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user(PROMPT)).build();
      assertThat(client.chat().completions().create(ask).content()).isEqualTo(PROMPT);
      assertThat(proxy.cuts.get()).as("the proxy cut one answer").isEqualTo(1);
      assertThat(proxy.connections.get()).as("the client came back on a new connection").isGreaterThanOrEqualTo(2);
    }
  }

  /** A long prompt, so that only a sealed request (not the descriptor's GET) arms the cut. */
  private static String longPrompt() {
    StringBuilder s = new StringBuilder();
    while (s.length() < 3000) {
      s.append("cut the connection after the node reads me ");
    }
    return s.toString().trim();
  }

  /**
   * Forwards loopback connections to the node; once, when a connection has carried more than
   * 2,500 bytes towards the node and the node starts answering, it closes both sides instead.
   */
  private static final class CuttingProxy implements AutoCloseable {
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final ServerSocket server;
    private final int nodePort;

    CuttingProxy(int nodePort) throws IOException {
      this.nodePort = nodePort;
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread acceptor = new Thread(this::accept, "cutting-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket node = new Socket(InetAddress.getLoopbackAddress(), nodePort);
          connections.incrementAndGet();
          AtomicInteger towardsNode = new AtomicInteger();
          pump(client, node, towardsNode, false);
          pump(node, client, towardsNode, true);
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void pump(Socket from, Socket to, AtomicInteger towardsNode, boolean answers) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            if (!answers) {
              towardsNode.addAndGet(n);
            } else if (towardsNode.get() > 2500 && armed.compareAndSet(true, false)) {
              cuts.incrementAndGet();
              from.close();
              to.close();
              return;
            }
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException closed) {
          // One side went away: close the other.
        } finally {
          FreezableProxy.closeQuietly(from);
          FreezableProxy.closeQuietly(to);
        }
      }, "cutting-proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
