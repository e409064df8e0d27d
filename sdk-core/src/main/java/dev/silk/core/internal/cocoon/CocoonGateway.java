package dev.silk.core.internal.cocoon;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonNative;
import dev.silk.core.tdx.IntelPcs;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.ratls.RaTlsVerifier;
import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.encoding.Hex;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * The client's way into COCOON: the root config's proxies, one authorized session per proxy
 * (opened on first use, reopened after it breaks), the proxy policy for the current config (its
 * image allow-list), and the client's own RA-TLS certificate (renewed before it expires). A
 * request goes to a proxy whose session is open, else to the next one in a shuffled order; a
 * proxy that cannot be reached is skipped, since nothing was sent to it. Thread-safe.
 */
public final class CocoonGateway implements Closeable {
  /** COCOON's certificates live a day; ours is renewed an hour before. */
  static final Duration IDENTITY_LIFETIME = Duration.ofDays(1);

  private final CocoonNative settings;
  private final CollateralSource collateral;
  private final Clock clock;
  private final Map<String, ProxySession> sessions = new ConcurrentHashMap<>();
  private RaTlsIdentity identity;
  private Instant identityRenewAt = Instant.MIN;
  private int policyVersion = Integer.MIN_VALUE;
  private RaTlsVerifier verifier;

  public CocoonGateway(CocoonNative settings, OkHttpClient http, Clock clock) {
    this.settings = settings;
    this.collateral = settings.collateral() != null ? settings.collateral() : IntelPcs.intel(http);
    this.clock = clock;
  }

  /** The current root config. */
  public CocoonConfig config() {
    return settings.network().config();
  }

  /** A session to run a query on, and the config it was opened under. */
  ProxySession session(CocoonConfig config) throws IOException {
    List<String> order = new ArrayList<>(config.proxyAddresses());
    if (order.isEmpty()) {
      throw new IOException("the root config lists no proxy");
    }
    for (String hostPort : order) {
      ProxySession open = sessions.get(hostPort);
      if (open != null && open.isOpen()) {
        return open;
      }
    }
    Collections.shuffle(order);
    IOException last = null;
    for (String hostPort : order) {
      try {
        return open(hostPort, config);
      } catch (ProxySession.ProtocolFailure e) {
        throw e; // the proxy spoke and refused: another attempt would not cure it
      } catch (IOException e) {
        if (ProxyConnection.refusal(e).isPresent()) {
          throw e; // attestation refused: never fall back to another proxy silently
        }
        last = e;
      }
    }
    throw last;
  }

  private synchronized ProxySession open(String hostPort, CocoonConfig config) throws IOException {
    ProxySession existing = sessions.get(hostPort);
    if (existing != null && existing.isOpen()) {
      return existing;
    }
    int colon = hostPort.lastIndexOf(':');
    InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)));
    ProxySession session = ProxySession.open(address, hostPort, identity(), verifier(config), settings.account(),
        config, clock, settings.connectTimeout(), settings.maxPowDifficulty());
    sessions.put(hostPort, session);
    return session;
  }

  private synchronized RaTlsIdentity identity() {
    Instant now = clock.instant();
    if (!now.isBefore(identityRenewAt)) {
      identity = RaTlsIdentity.builder().validity(now.minusSeconds(60), IDENTITY_LIFETIME).build();
      identityRenewAt = now.plus(IDENTITY_LIFETIME).minus(Duration.ofHours(1));
    }
    return identity;
  }

  /** The proxy policy for {@code config}: its image allow-list, rebuilt when the version moves. */
  private synchronized RaTlsVerifier verifier(CocoonConfig config) {
    if (verifier == null || config.version() != policyVersion) {
      if (settings.unattestedProxies()) {
        verifier = RaTlsVerifier.unattested();
      } else {
        TdxVerifier.Builder b = settings.tdxPolicy().apply(settings.tdxVerifierBase().get());
        for (String hash : config.proxyImageHashes()) {
          b.allowImageHash(Hex.decode(hash));
        }
        verifier = RaTlsVerifier.tdx(b.build(), collateral);
      }
      policyVersion = config.version();
    }
    return verifier;
  }

  @Override
  public void close() {
    sessions.values().forEach(ProxySession::close);
    sessions.clear();
  }
}
