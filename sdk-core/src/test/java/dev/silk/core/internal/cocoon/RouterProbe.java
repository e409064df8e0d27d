package dev.silk.core.internal.cocoon;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.ratls.RaTlsCertificate;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.cocoon.Frames;
import dev.silk.crypto.cocoon.TcpMessage;
import dev.silk.crypto.cocoon.TlReader;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Runs inside a private network namespace next to COCOON's real router (see {@link RealRouterTest}):
 * a backend behind the router's reverse ports that speaks COCOON's framing, and Silk's client in
 * front of them. Prints one line per check; exits 0 only if all passed.
 */
public final class RouterProbe {
  private RouterProbe() {}

  public static void main(String[] args) throws Exception {
    int anyPort = Integer.parseInt(args[0]);
    int fakeTdxPort = Integer.parseInt(args[1]);
    int backendPort = Integer.parseInt(args[2]);
    byte[] routerKey = RaTlsCertificate.parse(pem(args[3])).publicKey();
    startBackend(backendPort);
    awaitListening(anyPort);
    RaTlsIdentity client = RaTlsIdentity.builder().build();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), anyPort);

    // 1. Through the 'any' port: PoW, TLS 1.3 with our certificate, framing, a query and its answer.
    try (ProxyConnection c = ProxyConnection.open(any, client, RaTlsVerifier.unattested(), Clock.systemUTC(),
        Duration.ofSeconds(60), 28, m -> { }, e -> { })) {
      check("the router's certificate is the one gen-cert made", Arrays.equals(c.peer().publicKey(), routerKey));
      check("the router asked for proof of work of difficulty 20", c.powDifficulty() == 20);
      byte[] echo = c.query(new byte[] {1, 2, 3, 4, 5}, Duration.ofSeconds(30));
      check("a tcp.query crossed the router and its answer came back", Arrays.equals(echo, new byte[] {1, 2, 3, 4, 5}));
    }
    // 2. The default policy refuses the router's fake quote, before the session starts. The router
    //    runs one thread; if it does not serve a connection in time, more are tried (and said): on
    //    a loaded machine it once left two handshakes of 20 s each unanswered (CI, 2026-12-03).
    for (int attempt = 1; ; attempt++) {
      try (ProxyConnection c = ProxyConnection.open(any, client, RaTlsVerifier.tdx(TdxVerifier.builder().build(),
          quote -> null), Clock.systemUTC(), Duration.ofSeconds(40), 28, m -> { }, e -> { })) {
        check("the default policy refused the router's fake_tdx certificate", false);
      } catch (IOException e) {
        SilkCryptoException reason = ProxyConnection.refusal(e).orElse(null);
        if (reason == null && attempt < 3 && timedOut(e)) {
          System.out.println("note the router did not serve a connection within 40 s (" + e + "); trying again");
          continue;
        }
        check("the default policy refused the router's fake_tdx certificate: "
            + (reason == null ? e : reason.getMessage()), reason != null && reason.getMessage().contains("fake_tdx"));
      }
      break;
    }
    // 3. The 'fake_tdx' port wants a client quote: ours has none, so the router hangs up.
    try (ProxyConnection c = ProxyConnection.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        fakeTdxPort), client, RaTlsVerifier.unattested(), Clock.systemUTC(), Duration.ofSeconds(60), 28, m -> { }, e -> { })) {
      c.query(new byte[] {9, 9, 9, 9}, Duration.ofSeconds(10));
      check("the fake_tdx port refused a client certificate without a quote", false);
    } catch (IOException e) {
      check("the fake_tdx port refused a client certificate without a quote (" + e.getClass().getSimpleName() + ")",
          true);
    }
    System.out.println("probe done");
    System.exit(0);
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static void check(String what, boolean ok) {
    System.out.println((ok ? "ok   " : "FAIL ") + what);
    if (!ok) {
      System.exit(1);
    }
  }

  /** COCOON's framing behind the router: tcp.connected, then every tcp.query echoed back. */
  private static void startBackend(int port) throws IOException {
    ServerSocket server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Socket s = server.accept();
          Thread c = new Thread(() -> echo(s));
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private static void echo(Socket s) {
    try (Socket socket = s) {
      Frames frames = new Frames(socket.getInputStream(), socket.getOutputStream());
      frames.write(TcpMessage.connected(TcpMessage.parse(frames.read(), TcpMessage.Kind.CONNECT).id).toTl());
      while (true) {
        TcpMessage in = TcpMessage.parse(frames.read(), TcpMessage.Kind.QUERY, TcpMessage.Kind.PING);
        frames.write((in.kind == TcpMessage.Kind.PING ? TcpMessage.pong(in.id) : TcpMessage.answer(in.id, in.data))
            .toTl());
      }
    } catch (EOFException | TlReader.TlException end) {
      // the client left
    } catch (IOException e) {
      // the connection broke
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    check("the router listens on " + port, false);
  }

  private static byte[] pem(String file) throws IOException {
    String text = new String(Files.readAllBytes(Paths.get(file)), java.nio.charset.StandardCharsets.US_ASCII);
    return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }
}
