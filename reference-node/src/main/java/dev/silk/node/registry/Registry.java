package dev.silk.node.registry;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.registry.NodeAnnouncement;
import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry role of a reference node (spec-v1 §14): takes nodes' signed announcements and
 * serves the list of live ones, signed by its own key. An entry leaves when its descriptor
 * expires or when its node has not re-announced within the TTL. The signed list is cached and
 * re-signed only when an entry changes or half its validity has passed, so that serving a large
 * list costs one signature per change, not per request. Thread-safe.
 */
public final class Registry {
  private static final Logger LOG = LoggerFactory.getLogger("registry");

  private final SigningPrivateKey key;
  private final Duration ttl;
  private final Duration listValidity;
  private final Clock clock;
  private final Map<NodeId, Listed> nodes = new LinkedHashMap<>();
  private RegistryList signed;

  private static final class Listed {
    final NodeAnnouncement announcement;
    final Instant receivedAt;

    Listed(NodeAnnouncement announcement, Instant receivedAt) {
      this.announcement = announcement;
      this.receivedAt = receivedAt;
    }
  }

  /**
   * @param ttl how long an announcement stays listed without a refresh
   * @param listValidity how long a signed list is valid ({@code not_after - issued_at})
   */
  public Registry(SigningPrivateKey key, Duration ttl, Duration listValidity, Clock clock) {
    this.key = key;
    this.ttl = ttl;
    this.listValidity = listValidity;
    this.clock = clock;
  }

  public SigningPublicKey key() {
    return key.publicKey();
  }

  /**
   * Takes an announcement: both signatures, freshness and the descriptor's validity are checked;
   * a newer announcement of the same node replaces the older one.
   *
   * @throws SilkCryptoException why it was refused
   */
  public void announce(byte[] bytes) throws SilkCryptoException {
    Instant now = clock.instant();
    NodeAnnouncement a = NodeAnnouncement.parse(bytes).checkFresh(now);
    NodeId id = a.descriptor().nodeId();
    synchronized (this) {
      Listed old = nodes.get(id);
      if (old != null && old.announcement.issuedAt().isAfter(a.issuedAt())) {
        return;
      }
      boolean changed = old == null || !old.announcement.url().equals(a.url())
          || !old.announcement.descriptor().equals(a.descriptor());
      nodes.put(id, new Listed(a, now));
      if (changed) {
        signed = null;
        LOG.info("node {} listed at {}", id.toHex().substring(0, 16), a.url());
      }
    }
  }

  /** The current signed list (spec-v1 §14.2). */
  public synchronized RegistryList list() {
    Instant now = clock.instant();
    boolean dropped = nodes.entrySet().removeIf(e -> {
      boolean gone = !now.isBefore(e.getValue().receivedAt.plus(ttl))
          || !now.isBefore(e.getValue().announcement.descriptor().descriptor().notAfter());
      if (gone) {
        LOG.info("node {} unlisted: not refreshed or descriptor expired", e.getKey().toHex().substring(0, 16));
      }
      return gone;
    });
    if (dropped || signed == null || !now.isBefore(signed.issuedAt().plus(listValidity.dividedBy(2)))) {
      List<RegistryList.Entry> entries = new ArrayList<>(nodes.size());
      for (Listed l : nodes.values()) {
        entries.add(RegistryList.Entry.of(l.announcement.url(), l.announcement.descriptor()));
      }
      signed = RegistryList.sign(key, entries, now, now.plus(listValidity));
    }
    return signed;
  }
}
