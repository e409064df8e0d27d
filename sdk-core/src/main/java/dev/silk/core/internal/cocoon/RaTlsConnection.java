package dev.silk.core.internal.cocoon;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.ratls.RaTlsBouncyCastle;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.cocoon.ProofOfWork;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A connection to a COCOON proxy as COCOON's client makes it ({@code net/TcpConnection.cpp}):
 * TCP, the proof of work, then TLS 1.3 (AES-GCM suites only) in which both sides present
 * self-signed Ed25519 RA-TLS certificates. The proxy's certificate is checked by an
 * {@link RaTlsVerifier} before the handshake completes, so not a byte of a request is sent to
 * an unattested peer. TLS is BouncyCastle's: JSSE cannot parse the X.509 v1 certificates with
 * extensions that COCOON's tools write. Not thread-safe; one reader and one writer at a time.
 */
final class RaTlsConnection implements Closeable {
  private final Socket socket;
  private final TlsClientProtocol tls;
  private final RaTlsPeer peer;
  private final int powDifficulty;

  private RaTlsConnection(Socket socket, TlsClientProtocol tls, RaTlsPeer peer, int powDifficulty) {
    this.socket = socket;
    this.tls = tls;
    this.peer = peer;
    this.powDifficulty = powDifficulty;
  }

  /** Why a handshake failed: the peer's certificate, with Silk's reason. */
  static final class PeerRefused extends IOException {
    private static final long serialVersionUID = 1L;
    final transient SilkCryptoException reason;

    PeerRefused(SilkCryptoException reason) {
      super(reason.getMessage(), reason);
      this.reason = reason;
    }
  }

  /**
   * Connects, solves the proof of work (at most {@code maxPowDifficulty}) and completes the
   * RA-TLS handshake, all within {@code timeout}.
   *
   * @throws PeerRefused if the proxy's certificate is refused (the reason says why)
   * @throws IOException if the network, the proof of work or TLS fails
   */
  static RaTlsConnection open(InetSocketAddress address, RaTlsIdentity identity, RaTlsVerifier verifier, Clock clock,
      Duration timeout, int maxPowDifficulty) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, (int) Math.max(1, timeout.toMillis()));
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      int difficulty = ProofOfWork.answer(socket.getInputStream(), socket.getOutputStream(), maxPowDifficulty);
      TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
      Client client = new Client(identity, verifier, clock);
      try {
        tls.connect(client);
      } catch (IOException e) {
        if (client.refusal != null) {
          throw new PeerRefused(client.refusal);
        }
        throw e;
      }
      if (client.peer == null) {
        throw new IOException("the proxy presented no certificate");
      }
      socket.setSoTimeout(0);
      return new RaTlsConnection(socket, tls, client.peer, difficulty);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The proxy as its certificate showed it, after the check. */
  RaTlsPeer peer() {
    return peer;
  }

  /** The proof-of-work difficulty the proxy asked for. */
  int powDifficulty() {
    return powDifficulty;
  }

  InputStream in() {
    return tls.getInputStream();
  }

  OutputStream out() {
    return tls.getOutputStream();
  }

  /** How long a read may wait before it fails (0: forever). */
  void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  @Override
  public void close() throws IOException {
    try {
      tls.close();
    } finally {
      socket.close();
    }
  }

  /** BouncyCastle's TLS client restricted to what COCOON speaks, with RA-TLS checks and our certificate. */
  private static final class Client extends DefaultTlsClient {
    private final RaTlsIdentity identity;
    private final RaTlsVerifier verifier;
    private final Clock clock;
    RaTlsPeer peer;
    SilkCryptoException refusal;

    Client(RaTlsIdentity identity, RaTlsVerifier verifier, Clock clock) {
      super(RaTlsBouncyCastle.crypto());
      this.identity = identity;
      this.verifier = verifier;
      this.clock = clock;
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
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
          try {
            peer = verifier.verify(RaTlsBouncyCastle.chain(serverCertificate.getCertificate()), clock.instant());
          } catch (SilkCryptoException e) {
            refusal = e;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
          }
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
          return RaTlsBouncyCastle.credentials(context, (BcTlsCrypto) getCrypto(), identity,
              request.getCertificateRequestContext());
        }
      };
    }
  }
}
