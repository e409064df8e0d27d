package dev.silk.core.internal.cocoon;

import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.cocoon.Frames;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One attested connection to a COCOON proxy: TCP, proof of work, RA-TLS with the proxy's
 * certificate checked, COCOON's framing and {@code tcp.connect}. Queries and messages of the
 * session protocol go over it. Thread-safe.
 */
public final class ProxyConnection implements Closeable {
  private final RaTlsConnection tls;
  private final TcpSession session;

  private ProxyConnection(RaTlsConnection tls, TcpSession session) {
    this.tls = tls;
    this.session = session;
  }

  /**
   * Opens a connection; nothing of the session is sent before the proxy's certificate passed
   * {@code verifier}.
   *
   * @param messages receives each message the proxy sends, on the connection's reader thread
   * @param failed learns once that the connection ended
   * @throws IOException if the network, the proof of work, TLS or the handshake fails; a
   *     refused certificate's reason is {@link #refusal}
   */
  public static ProxyConnection open(InetSocketAddress address, RaTlsIdentity identity, RaTlsVerifier verifier,
      Clock clock, Duration timeout, int maxPowDifficulty, Consumer<byte[]> messages, Consumer<IOException> failed)
      throws IOException {
    RaTlsConnection tls = RaTlsConnection.open(address, identity, verifier, clock, timeout, maxPowDifficulty);
    try {
      tls.readTimeout(timeout);
      TcpSession session = TcpSession.open(new Frames(tls.in(), tls.out()), tls, messages, failed);
      tls.readTimeout(Duration.ZERO);
      return new ProxyConnection(tls, session);
    } catch (IOException | RuntimeException e) {
      tls.close();
      throw e;
    }
  }

  /** Why the proxy's certificate was refused, if that is what ended {@link #open} with {@code e}. */
  public static java.util.Optional<dev.silk.crypto.SilkCryptoException> refusal(IOException e) {
    return e instanceof RaTlsConnection.PeerRefused
        ? java.util.Optional.of(((RaTlsConnection.PeerRefused) e).reason) : java.util.Optional.empty();
  }

  /** The proxy as its attested certificate showed it. */
  public RaTlsPeer peer() {
    return tls.peer();
  }

  /** The proof-of-work difficulty the proxy asked for. */
  public int powDifficulty() {
    return tls.powDifficulty();
  }

  /** A {@code tcp.query} and its answer. */
  public byte[] query(byte[] data, Duration timeout) throws IOException {
    return session.query(data, timeout.toMillis());
  }

  /** A message ({@code tcp.packet}). */
  public void send(byte[] data) throws IOException {
    session.send(data);
  }

  public void ping() throws IOException {
    session.ping();
  }

  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public void close() throws IOException {
    session.close();
  }
}
