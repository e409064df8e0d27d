package dev.silk.node;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Behind a layer-4 balancer that sends the PROXY protocol, per-client limits count the client's
 * address from the header, not the balancer's; a POST without the header is refused.
 */
class ProxyProtocolTest {
  @Test
  void perClientLimitsCountTheAddressTheBalancerReports() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.replicas(Replicas.builder().proxyProtocol(true).build())
        .limits(l -> l.rateLimitPerClient(3)))) {
      int port = URI.create(local.node.baseUrl()).getPort();
      int limited = 0;
      for (int i = 0; i < 12; i++) {
        limited += status(port, "PROXY TCP4 10.1.2.3 127.0.0.1 40000 443\r\n") == 429 ? 1 : 0;
      }
      assertThat(limited).as("one client, over its limit").isPositive();
      assertThat(status(port, "PROXY TCP4 10.9.8.7 127.0.0.1 40001 443\r\n")).as("another client, same balancer")
          .isNotEqualTo(429);
      assertThat(status(port, "")).as("a POST without the header: refused").isEqualTo(421);
      try (okhttp3.Response health = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder()
          .url(local.node.baseUrl() + "/health").build()).execute()) {
        assertThat(health.code()).as("probes reach the node directly").isEqualTo(200);
      }
    }
  }

  /** POSTs junk to the sealed endpoint after {@code header}; the HTTP status, or -1 if the node closed. */
  private static int status(int port, String header) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((header + "POST /v1/sealed/chat/completions HTTP/1.1\r\nHost: node\r\n"
          + "Content-Type: application/vnd.silk.envelope\r\nContent-Length: 4\r\nConnection: close\r\n\r\njunk")
          .getBytes(US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII)).readLine();
      return line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
    } catch (java.net.SocketException reset) {
      return -1;
    }
  }
}
