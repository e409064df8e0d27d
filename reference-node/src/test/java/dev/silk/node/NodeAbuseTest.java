package dev.silk.node;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.payment.ChannelPaymentProvider;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.WalletVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Availability under abuse (issue 14, findings 4, 5, 7 and 9): slow bodies, a frozen chain and
 * garbage floods from one address do not stop a paying client, and error answers carry no
 * internal text. Every assertion counts outcomes; none measures speed.
 */
class NodeAbuseTest {
  private static final String SEALED = "/v1/sealed/chat/completions";

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(16).build();
  }

  private static SilkClient payingClient(PaidNode paid, ChannelPaymentProvider pay) {
    return paid.local.client(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build(),
        b -> b.paymentProvider(pay).maxRetries(0).timeout(Duration.ofSeconds(30)));
  }

  /** Opens a connection and sends a sealed-request head announcing {@code length} bytes, and one byte of them. */
  private static Socket slowBody(int port, int length) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(60_000);
    OutputStream out = s.getOutputStream();
    out.write(("POST " + SEALED + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/vnd.silk.envelope\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(US_ASCII));
    out.write(0);
    out.flush();
    return s;
  }

  /**
   * The minimum pace judges trickles, not late bodies: a body that arrives whole after more than
   * the grace second is judged on its content (here: not an envelope), never cut for its pace;
   * one that keeps trickling is cut with 408 well before the deadline.
   */
  @Test
  void aLateButWholeBodyIsJudgedOnItsContentATrickleIsCut() throws Exception {
    try (PaidNode paid = PaidNode.start(b -> b.limits(l -> l.bodyDeadline(Duration.ofSeconds(30))))) {
      int port = URI.create(paid.local.node.baseUrl()).getPort();
      Socket late = new Socket(InetAddress.getLoopbackAddress(), port);
      OutputStream out = late.getOutputStream();
      out.write(("POST " + SEALED + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/vnd.silk.envelope\r\n"
          + "Content-Length: 100\r\n\r\n").getBytes(US_ASCII));
      out.flush();
      Thread.sleep(1_500); // past the reader's one-second grace
      out.write(new byte[100]);
      out.flush();
      String status = statusLine(late);
      late.close();
      assertThat(status).startsWith("HTTP/1.1 4").doesNotStartWith("HTTP/1.1 408");

      long started = System.nanoTime();
      Socket trickle = slowBody(port, 4000);
      for (int i = 0; i < 3; i++) {
        Thread.sleep(600);
        try {
          trickle.getOutputStream().write(0);
          trickle.getOutputStream().flush();
        } catch (IOException cut) {
          break;
        }
      }
      assertThat(readAll(trickle)).startsWith("HTTP/1.1 408");
      trickle.close();
      // Cut for its pace, not by the 30 s deadline (a bound with room for a slow machine).
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void slowBodiesDoNotTakeThePermitsOfPayingClients() throws Exception {
    try (PaidNode paid = PaidNode.start(b -> b.limits(l -> l.maxInFlight(8).bodyDeadline(Duration.ofSeconds(3))))) {
      int port = URI.create(paid.local.node.baseUrl()).getPort();
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        slow.add(slowBody(port, 4000));
      }
      // One more byte on each, a second apart: a trickle that resets any idle timeout.
      Thread trickle = new Thread(() -> {
        for (int round = 0; round < 30; round++) {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write(0);
              s.getOutputStream().flush();
            } catch (IOException closedByTheNode) {
              // expected once the node gives up on the body
            }
          }
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      trickle.setDaemon(true);
      trickle.start();
      try (SilkClient client = payingClient(paid, paid.provider())) {
        for (int i = 0; i < 5; i++) {
          assertThat(client.chat().completions().create(ask("paying during a slow-body attack " + i)).content())
              .contains("paying during");
        }
      }
      // The node ends every slow body (minimum rate, or the deadline): each socket sees a 408 or EOF.
      for (Socket s : slow) {
        assertThat(readAll(s)).as("slow body answered with a refusal or cut").satisfiesAnyOf(
            text -> assertThat(text).isEmpty(),
            text -> assertThat(text).startsWith("HTTP/1.1 408"));
        s.close();
      }
      trickle.interrupt();
    }
  }

  @Test
  void aFrozenChainStallsOnlyTheLookupsThatNeedIt() throws Exception {
    FreezableProxy[] proxy = new FreezableProxy[1];
    try (PaidNode paid = PaidNode.start(url -> {
      try {
        proxy[0] = new FreezableProxy(URI.create(url).getPort());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return proxy[0].urlFor(url);
    }, b -> b)) {
      ChannelPaymentProvider pay = paid.provider();
      try (SilkClient client = payingClient(paid, pay)) {
        client.chat().completions().create(ask("before the freeze"));
        proxy[0].freeze();
        ExecutorService attackers = Executors.newFixedThreadPool(48);
        AtomicInteger attacks = new AtomicInteger();
        for (int i = 0; i < 48; i++) {
          int n = i;
          attackers.execute(() -> {
            try {
              // A request naming a channel nobody opened: only the chain could tell.
              TonSecretKey key = TonSecretKey.generate();
              TonWallet wallet = TonWallet.of(key, WalletVersion.V4R2, Network.MAINNET);
              PaymentChannelConfig nobody = PaymentChannelConfig.builder().channelId(BigInteger.valueOf(n))
                  .publicKeyA(key.publicKey()).publicKeyB(paid.channel.publicKey(dev.silk.ton.channel.Side.B))
                  .addressA(wallet.address()).addressB(paid.nodeWallet.address()).build();
              if (n % 2 == 0) {
                paid.raw(PaidNode.payment(nobody, key, 1, 1_000_000, paid.maxCost()), new int[1]);
              } else {
                commit(paid, nobody, key);
              }
            } catch (Exception ignored) {
              // the attacker's outcome does not matter here
            } finally {
              attacks.incrementAndGet();
            }
          });
        }
        for (int i = 0; i < 5; i++) {
          assertThat(client.chat().completions().create(ask("paying while the chain is frozen " + i)).content())
              .contains("frozen");
          assertThat(get(paid, "/health").code()).isEqualTo(200);
        }
        proxy[0].thaw();
        attackers.shutdown();
        assertThat(attackers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(attacks.get()).isEqualTo(48);
      }
    } finally {
      if (proxy[0] != null) {
        proxy[0].close();
      }
    }
  }

  private static void commit(PaidNode paid, PaymentChannelConfig config, TonSecretKey key) throws IOException {
    byte[] ref = dev.silk.ton.payment.ChannelPayment.channelReference(config.address());
    byte[] sig = dev.silk.ton.channel.ChannelSigner.of(config, dev.silk.ton.channel.Side.A, key)
        .signCooperativeCommit(1, 1);
    byte[] body = java.nio.ByteBuffer.allocate(33 + 16 + 64).put(ref).putLong(1).putLong(1).put(sig).array();
    try (Response r = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build().newCall(
        new Request.Builder().url(paid.local.node.baseUrl() + "/v1/channel/commit")
            .post(RequestBody.create(MediaType.get("application/octet-stream"), body)).build()).execute()) {
      r.body().bytes();
    }
  }

  private static Response get(PaidNode paid, String path) throws IOException {
    Response r = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build()
        .newCall(new Request.Builder().url(paid.local.node.baseUrl() + path).build()).execute();
    r.close();
    return r;
  }

  @Test
  void errorAnswersCarryNoInternalTextAndNoServerVersion() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.limits(l -> l.bodyDeadline(Duration.ofSeconds(2))))) {
      int port = URI.create(local.node.baseUrl()).getPort();
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url(local.node.baseUrl() + "/health").build())
          .execute()) {
        assertThat(r.header("Server")).isNull();
        assertThat(r.header("X-Powered-By")).isNull();
      }
      // A malformed request line and header.
      String bad = exchange(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n");
      assertThat(bad).startsWith("HTTP/1.1 400");
      assertInternalTextAbsent(bad);
      // A chunked body that never ends: refused at the body deadline, without Jetty's timeout text.
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + SEALED + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(US_ASCII));
        String answer = null;
        for (int i = 0; i < 100 && answer == null; i++) {
          try {
            out.write("1\r\nx\r\n".getBytes(US_ASCII));
            out.flush();
            Thread.sleep(200);
            if (s.getInputStream().available() > 0) {
              answer = readAll(s);
            }
          } catch (IOException cut) {
            answer = readAll(s);
          }
        }
        assertThat(answer).isNotNull().startsWith("HTTP/1.1 408");
        assertInternalTextAbsent(answer);
      }
    }
  }

  @Test
  void oneFloodingAddressDoesNotStarveAnotherAndGarbageCostsNoSignatureEach() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.limits(l -> l.rateLimitPerSecond(50).rateLimitPerClient(5)))) {
      OkHttpClient fromTwo = new OkHttpClient.Builder().socketFactory(new BoundSocketFactory("127.0.0.2")).build();
      int limited = 0;
      java.util.Set<String> refusals = new java.util.HashSet<>();
      long started = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        try (Response r = fromTwo.newCall(new Request.Builder().url(local.node.baseUrl() + SEALED)
            .post(RequestBody.create(MediaType.get("application/vnd.silk.envelope"), new byte[] {0, 9, 9, 9}))
            .build()).execute()) {
          byte[] body = r.body().bytes();
          if (r.code() == 429) {
            limited++;
          } else {
            assertThat(r.code()).isEqualTo(400);
          }
          refusals.add(r.code() + java.util.Base64.getEncoder().encodeToString(body));
        }
      }
      long elapsedSeconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      assertThat(limited).as("the flooding address is limited on its own").isGreaterThan(100);
      // Refusals before decryption are signed once per kind and period, not once per request.
      assertThat(refusals.size()).isLessThanOrEqualTo(2 * (2 + (int) elapsedSeconds));
      try (SilkClient client = local.client()) {
        assertThat(client.chat().completions().create(ask("another address")).content()).isEqualTo("another address");
      }
    }
  }

  @Test
  void requestFieldsNeverForgeALogLine() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("silk-log-forging");
    NodeProcess node = NodeProcess.start(dir);
    try {
      dev.silk.crypto.descriptor.SignedDescriptor d;
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url(node.baseUrl + "/v1/node").build())
          .execute()) {
        d = dev.silk.crypto.descriptor.SignedDescriptor.parse(r.body().bytes());
      }
      String forged = "m0del\n2026-01-01 ERROR silk.node - FORGED \u001b[31m";
      String model = "m0del\r\n2026-01-01T00:00:00.000+0000 [main] ERROR silk.node - FORGED\u001b[2J";
      dev.silk.crypto.envelope.SealedRequest sealed = dev.silk.crypto.envelope.RequestSealer.seal(
          dev.silk.crypto.envelope.RequestPayload.builder().model(model)
              .body(("{\"model\":\"" + forged + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                  .getBytes(UTF_8)).build(), d.recipient());
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url(node.baseUrl + SEALED)
          .post(RequestBody.create(MediaType.get("application/vnd.silk.envelope"), sealed.envelope())).build())
          .execute()) {
        assertThat(r.code()).isEqualTo(200);
        r.body().bytes();
      }
      String logs = "";
      for (int i = 0; i < 100 && !logs.contains("request "); i++) {
        Thread.sleep(100); // the node logs a request after its answer left
        logs = logs(dir);
      }
      node.kill();
      logs = logs(dir);
      assertThat(logs).contains("request ").doesNotContain("FORGED").doesNotContain("m0del").doesNotContain("\u001b");
    } finally {
      node.kill();
      LocalNode.deleteRecursively(dir);
    }
  }

  private static String logs(java.nio.file.Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files
          .filter(f -> f.getFileName().toString().endsWith(".log"))::iterator) {
        all.append(new String(java.nio.file.Files.readAllBytes(f), UTF_8));
      }
    }
    return all.toString();
  }

  /** Binds client sockets to one loopback address, so a test can be two clients. */
  private static final class BoundSocketFactory extends javax.net.SocketFactory {
    private final InetAddress local;

    BoundSocketFactory(String address) throws IOException {
      this.local = InetAddress.getByName(address);
    }

    @Override
    public Socket createSocket() throws IOException {
      Socket s = new Socket();
      s.bind(new java.net.InetSocketAddress(local, 0));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
    }
  }

  private static void assertInternalTextAbsent(String answer) {
    assertThat(answer).doesNotContainIgnoringCase("jetty").doesNotContain("Exception").doesNotContain("Illegal")
        .doesNotContainIgnoringCase("timeout expired").doesNotContain("<html").doesNotContain("reason:");
  }

  private static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(US_ASCII));
      s.getOutputStream().flush();
      return readAll(s);
    }
  }

  /** What the peer sends until it closes (or 60 s pass). */
  /** The answer's status line (the connection may stay open). */
  private static String statusLine(Socket s) throws IOException {
    s.setSoTimeout(60_000);
    StringBuilder line = new StringBuilder();
    InputStream in = s.getInputStream();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().trim();
  }

  private static String readAll(Socket s) {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      s.setSoTimeout(60_000);
      InputStream in = s.getInputStream();
      int n;
      while ((n = in.read(buffer)) != -1) {
        text.append(new String(buffer, 0, n, UTF_8));
        if (text.indexOf("\r\n\r\n") >= 0 && text.toString().toLowerCase().contains("connection: close")) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      text.append("<no end after 60 s>");
    } catch (IOException reset) {
      // a reset ends the exchange as well
    }
    return text.toString();
  }
}
