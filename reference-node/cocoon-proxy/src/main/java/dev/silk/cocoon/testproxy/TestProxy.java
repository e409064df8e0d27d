package dev.silk.cocoon.testproxy;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.ratls.RaTlsBouncyCastle;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.cocoon.ProofOfWork;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * TEST DOUBLE: the proxy side of COCOON's client protocol on loopback, for testing Silk's native
 * COCOON client. It is not a COCOON proxy. Each connection gets COCOON's proof of work, then
 * TLS 1.3 with the proxy's RA-TLS certificate (its quote made under a synthetic Intel-shaped PKI)
 * and a client certificate required as COCOON's client ports require it (policy {@code any}),
 * then COCOON's framing and session, served by a {@link Session.Handler}. Started
 * {@linkplain Builder#behindRouter() behind COCOON's real router}, it speaks plain TCP and leaves
 * proof of work and TLS to the router. Thread-safe.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.builder().identity(identity).handler(handler).start()) {
 *   ... connect to 127.0.0.1:proxy.port() ...
 * }
 * }</pre>
 */
public final class TestProxy implements Closeable {
  private static final Logger LOG = Logger.getLogger(TestProxy.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Builder settings;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private TestProxy(Builder settings, ServerSocket server) {
    this.settings = settings;
    this.server = server;
    Thread acceptor = new Thread(this::acceptLoop, "cocoon-test-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loopback port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far (whether or not they passed the proof of work and TLS). */
  public int connections() {
    return connections.get();
  }

  /** Connections still being served: a session's queries are all handled once its connection is no longer counted. */
  public int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warning("test proxy: accept failed: " + e);
        }
        return;
      }
      connections.incrementAndGet();
      open.add(socket);
      Thread t = new Thread(() -> serve(socket), "cocoon-test-proxy-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (Socket s = socket) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      RaTlsPeer client = null;
      if (settings.identity != null) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        out.write(ProofOfWork.challenge(settings.powDifficulty, salt));
        out.flush();
        byte[] answer = new byte[12];
        new DataInputStream(in).readFully(answer);
        if (!ProofOfWork.accepts(salt, settings.powDifficulty, answer)) {
          return; // COCOON's server closes without a word
        }
        TlsServerProtocol tls = new TlsServerProtocol(in, out);
        Server server = new Server(settings);
        tls.accept(server);
        client = server.client;
        in = tls.getInputStream();
        out = tls.getOutputStream();
      }
      new Session(in, out, client, settings.handler).run();
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.fine("test proxy: connection ended: " + e);
      }
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }

  /** BouncyCastle's TLS server as COCOON's proxy ports run it: TLS 1.3, AES-GCM, a client certificate required. */
  private static final class Server extends DefaultTlsServer {
    private final Builder settings;
    RaTlsPeer client;

    Server(Builder settings) {
      super(RaTlsBouncyCastle.crypto());
      this.settings = settings;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.TLSv13.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return RaTlsBouncyCastle.CIPHER_SUITES.clone();
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
      return RaTlsBouncyCastle.credentials(context, (BcTlsCrypto) getCrypto(), settings.identity, new byte[0]);
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
      java.util.Vector<SignatureAndHashAlgorithm> algorithms = new java.util.Vector<>();
      algorithms.add(SignatureAndHashAlgorithm.ed25519);
      return new CertificateRequest(new byte[0], algorithms, null, null);
    }

    @Override
    public void notifyClientCertificate(Certificate certificate) throws IOException {
      if (certificate == null || certificate.isEmpty()) {
        throw new TlsFatalAlert(AlertDescription.certificate_required);
      }
      try {
        List<byte[]> chain = RaTlsBouncyCastle.chain(certificate);
        client = settings.clientVerifier.verify(chain, settings.clock.instant());
      } catch (SilkCryptoException e) {
        throw new TlsFatalAlert(AlertDescription.bad_certificate);
      }
    }
  }

  /** Builds and starts a {@link TestProxy}; not thread-safe. */
  public static final class Builder {
    private RaTlsIdentity identity;
    private boolean behindRouter;
    private int powDifficulty = 12;
    private RaTlsVerifier clientVerifier;
    private Session.Handler handler;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The proxy's RA-TLS identity: proof of work and TLS in front of the session. */
    public Builder identity(RaTlsIdentity identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** Plain TCP: COCOON's router in front does the proof of work and TLS. */
    public Builder behindRouter() {
      this.behindRouter = true;
      return this;
    }

    /** The difficulty asked of clients (default 12, cheap for tests; COCOON's router asks 20). */
    public Builder powDifficulty(int difficulty) {
      this.powDifficulty = difficulty;
      return this;
    }

    /** How clients' certificates are checked (default: COCOON's {@code any}, as on its client ports). */
    public Builder clientVerifier(RaTlsVerifier verifier) {
      this.clientVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** What the session answers. */
    public Builder handler(Session.Handler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Listens on a free loopback port. */
    public TestProxy start() throws IOException {
      if ((identity == null) != behindRouter) {
        throw new IllegalStateException("give either identity(...) or behindRouter()");
      }
      if (handler == null) {
        throw new IllegalStateException("handler(...) is required");
      }
      if (clientVerifier == null) {
        clientVerifier = RaTlsVerifier.unattested();
      }
      return new TestProxy(this, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }
  }
}
