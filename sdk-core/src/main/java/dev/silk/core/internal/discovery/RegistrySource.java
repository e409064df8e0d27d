package dev.silk.core.internal.discovery;

import dev.silk.core.discovery.NodeListing;
import dev.silk.core.discovery.NodeSource;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SigningPublicKey;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A registry's signed list under a pinned key (spec-v1 §14.2). Thread-safe. */
public final class RegistrySource implements NodeSource {
  private final String url;
  private final SigningPublicKey key;
  private final Clock clock;

  public RegistrySource(String url, SigningPublicKey key) {
    this(url, key, Clock.systemUTC());
  }

  RegistrySource(String url, SigningPublicKey key, Clock clock) {
    this.url = Objects.requireNonNull(url, "url").replaceAll("/+$", "");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = clock;
  }

  @Override
  public List<NodeListing> list(Fetcher fetcher) throws IOException {
    byte[] bytes = fetcher.get(url + "/" + HttpBinding.REGISTRY, SignedFrame.MAX_REGISTRY_BODY + 69);
    RegistryList list;
    try {
      list = RegistryList.parse(bytes).verify(key, clock.instant());
    } catch (SilkCryptoException e) {
      throw new IOException("registry list rejected: " + e.code().wireName() + ": " + e.getMessage(), e);
    }
    List<NodeListing> nodes = new ArrayList<>(list.entries().size());
    for (RegistryList.Entry e : list.entries()) {
      nodes.add(NodeListing.of(e.url(), e.descriptorBytes()));
    }
    return nodes;
  }

  @Override
  public String toString() {
    return "registry " + url;
  }
}
