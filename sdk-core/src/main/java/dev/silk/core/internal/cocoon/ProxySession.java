package dev.silk.core.internal.cocoon;

import dev.silk.core.cocoon.CocoonAccount;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.SilkException;
import dev.silk.core.internal.node.SurfacedFailure;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsPeer;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.cocoon.CocoonIds;
import dev.silk.crypto.cocoon.Handshake;
import dev.silk.crypto.cocoon.Payments;
import dev.silk.crypto.cocoon.Queries;
import dev.silk.crypto.cocoon.TlReader;
import dev.silk.crypto.cocoon.WorkerTypes;
import dev.silk.crypto.encoding.Hex;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One authorized session with a COCOON proxy, as COCOON's client makes it: an attested
 * {@link ProxyConnection}, {@code client.connectToProxy}, the proxy's contracts checked by the
 * account, then the short authorization (the secret) or the long one (a nonce registered on
 * chain). Answers to queries are routed by request id; the proxy's payment messages go to the
 * account. Thread-safe.
 */
final class ProxySession implements Closeable {
  private static final Logger LOG = Logger.getLogger(ProxySession.class.getName());
  /** COCOON's client speaks protocol versions 1 and 2 ({@code ClientRunner.hpp}). */
  static final int MIN_PROTO = 1;
  static final int MAX_PROTO = 2;
  /** The long authorization waits for the chain: COCOON's client allows 300 s. */
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(300);

  /** Receives the answers of one query. */
  interface AnswerSink {
    void answer(Queries.Answer answer);

    /** The session ended before the answer completed. */
    void failed(IOException e);
  }

  private final Map<String, AnswerSink> running = new ConcurrentHashMap<>();
  private final CocoonAccount account;
  private volatile ProxyConnection connection;
  private volatile CocoonProxy proxy;
  private volatile RaTlsPeer peer;
  private volatile SilkException refused;

  private ProxySession(CocoonAccount account) {
    this.account = account;
  }

  /** A session with the proxy at {@code address}, opened and authorized. */
  static ProxySession open(InetSocketAddress address, String hostPort, RaTlsIdentity identity, RaTlsVerifier verifier,
      CocoonAccount account, CocoonConfig config, Clock clock, Duration timeout, int maxPow) throws IOException {
    ProxySession session = new ProxySession(account);
    session.connection = ProxyConnection.open(address, identity, verifier, clock, timeout, maxPow, session::message,
        session::connectionFailed);
    try {
      session.handshake(hostPort, config, timeout);
      return session;
    } catch (TcpSession.QueryError e) {
      session.close();
      throw new ProtocolFailure("the proxy refused the handshake: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void handshake(String hostPort, CocoonConfig config, Duration timeout) throws IOException {
    peer = connection.peer();
    Handshake.Connected connected;
    try {
      connected = Handshake.Connected.parse(connection.query(Handshake.connectToProxy(new Handshake.ClientParams(
          account.ownerAddress(), config.isTest(), MIN_PROTO, MAX_PROTO), config.version()), timeout));
    } catch (TlReader.TlException e) {
      throw new ProtocolFailure("the proxy's handshake answer: " + e.getMessage());
    }
    if ((connected.proxy.flags & 3) == 0) {
      throw new ProtocolFailure("too old a proxy (no params flags)");
    }
    if (connected.proxy.isTest != config.isTest()) {
      throw new ProtocolFailure("the proxy's test mode differs from the root config's");
    }
    if (connected.proxy.protoVersion < MIN_PROTO) {
      throw new ProtocolFailure("the proxy speaks protocol " + connected.proxy.protoVersion + ", below " + MIN_PROTO);
    }
    proxy = new CocoonProxy(hostPort, peer.publicKey(), peer.imageHash().map(Hex::encode).orElse(null),
        connected.proxy.publicKey, connected.proxy.ownerAddress, connected.proxy.scAddress, connected.clientScAddress,
        connected.proxy.protoVersion);
    account.checkContracts(proxy, config);
    if (connected.signedPayment != null) {
      account.paymentStatus(proxy, connected.signedPayment, -1);
    }
    Optional<byte[]> secret = account.secret(proxy);
    byte[] request;
    if (connected.auth.isShort() && secret.isPresent() && MessageDigest.isEqual(sha256(secret.get()),
        connected.auth.secretHash)) {
      request = Handshake.authorizeShort(secret.get());
    } else {
      account.register(proxy, connected.auth.nonce);
      request = Handshake.authorizeLong();
    }
    Handshake.Authorization auth;
    try {
      auth = Handshake.Authorization.parse(connection.query(request, AUTH_TIMEOUT));
    } catch (TlReader.TlException e) {
      throw new ProtocolFailure("the proxy's authorization answer: " + e.getMessage());
    }
    if (!auth.success) {
      throw new ProtocolFailure("the proxy refused the authorization: " + auth.errorCode + " " + auth.error);
    }
    account.paymentStatus(proxy, auth.signedPayment, auth.maxTokens);
  }

  /** The proxy as it showed itself. */
  CocoonProxy proxy() {
    return proxy;
  }

  /** Its RA-TLS peer (key, attestation). */
  RaTlsPeer peer() {
    return peer;
  }

  boolean isOpen() {
    return refused == null && connection.isOpen();
  }

  /** The models this proxy serves and its workers' coefficients ({@code client.getWorkerTypesV2}). */
  WorkerTypes workerTypes(Duration timeout) throws IOException {
    if (refused != null) {
      throw new SurfacedFailure(refused);
    }
    try {
      return WorkerTypes.parse(connection.query(WorkerTypes.request(), timeout));
    } catch (TlReader.TlException e) {
      throw new ProtocolFailure("the proxy's worker types: " + e.getMessage());
    }
  }

  /** Sends a query ({@code client.runQueryEx}, a message); its answers go to {@code sink}. */
  void run(Queries.RunQuery query, AnswerSink sink) throws IOException {
    if (refused != null) {
      throw new SurfacedFailure(refused);
    }
    account.beforeQuery(proxy);
    String id = Hex.encode(query.requestId);
    running.put(id, sink);
    try {
      connection.send(query.toTl());
    } catch (IOException e) {
      running.remove(id);
      throw e;
    }
  }

  /** Messages from the proxy, on the connection's reader thread. */
  private void message(byte[] tl) {
    try {
      int id = Payments.constructorOf(tl);
      if (id == CocoonIds.CLIENT_QUERY_ANSWER_EX || id == CocoonIds.CLIENT_QUERY_ANSWER_PART_EX
          || id == CocoonIds.CLIENT_QUERY_ANSWER_ERROR_EX) {
        Queries.Answer answer = Queries.Answer.parse(tl);
        String request = Hex.encode(answer.requestId);
        AnswerSink sink = answer.completes() ? running.remove(request) : running.get(request);
        if (sink != null) {
          sink.answer(answer);
        }
      } else if (id == CocoonIds.PROXY_SIGNED_PAYMENT || id == CocoonIds.PROXY_SIGNED_PAYMENT_EMPTY) {
        account.paymentStatus(proxy, Payments.parseSignedPaymentMessage(tl), -1);
      } else if (id == CocoonIds.PROXY_CLIENT_REQUEST_PAYMENT) {
        Payments.Status status = Payments.Status.parse(tl);
        account.paymentStatus(proxy, status.signedPayment, status.maxTokens);
      } else {
        LOG.fine("Silk: dropped a COCOON message of an unknown kind");
      }
    } catch (TlReader.TlException e) {
      LOG.warning("Silk: a malformed message from the COCOON proxy: " + e.getMessage());
    } catch (SilkException e) {
      // The account refused what the proxy signed: an attested proxy that signs wrongly is not used again.
      LOG.warning("Silk: a COCOON proxy's payment was refused; closing its session: " + e.getMessage());
      refused = e;
      connectionFailed(new SurfacedFailure(e));
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (IOException ignored) {
      // closing
    } finally {
      IOException ended = new IOException("the session with the COCOON proxy ended");
      running.values().forEach(s -> s.failed(ended));
      running.clear();
    }
  }

  /** Fails every query in flight (the connection broke). */
  void connectionFailed(IOException e) {
    running.values().forEach(s -> s.failed(e));
    running.clear();
  }

  /** The proxy broke COCOON's protocol or refused the session. */
  static final class ProtocolFailure extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolFailure(String message) {
      super(message);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
