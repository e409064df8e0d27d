package dev.silk.core.discovery;

import dev.silk.core.internal.discovery.RegistrySource;
import dev.silk.core.internal.discovery.StaticSource;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.signature.SigningPublicKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Where a client's candidate nodes come from. The client calls {@link #list} at start and on
 * each refresh, then checks every descriptor itself; a source is trusted only to list. Ready
 * made: {@link #registry} (a registry whose key you pin, spec-v1 §14) and {@link #staticUrls};
 * implement it for another source, such as an on-chain registry. Implementations are thread-safe.
 *
 * <pre>{@code
 * NodeSource nodes = NodeSource.registry("https://registry.example", "3b6a27bc...");
 * NodeSource pinned = NodeSource.staticUrls("https://node-1.example", "https://node-2.example");
 * }</pre>
 */
public interface NodeSource {
  /**
   * The nodes listed now.
   *
   * @param fetcher fetches a URL with the client's own HTTP stack and limits
   * @throws IOException if the source cannot be read at all (the client keeps its last list)
   */
  List<NodeListing> list(Fetcher fetcher) throws IOException;

  /** HTTP GET through the client's {@code OkHttpClient}; thread-safe. */
  interface Fetcher {
    /**
     * @return the body of a {@code 200} answer, at most {@code maxBytes}
     * @throws IOException on a transport failure, another status or a longer body
     */
    byte[] get(String url, int maxBytes) throws IOException;
  }

  /**
   * A registry's signed list (spec-v1 §14.2), accepted only under {@code registryKey}.
   *
   * @param url the registry's base URL
   * @param registryKey the registry's Ed25519 public key, 64 hex characters
   * @throws IllegalArgumentException if the key is not 32 bytes of hex
   */
  static NodeSource registry(String url, String registryKey) {
    try {
      return registry(url, SigningPublicKey.fromBytes(Hex.decode(registryKey)));
    } catch (SilkCryptoException | IllegalArgumentException e) {
      throw new IllegalArgumentException("a registry key is 64 hex characters (an Ed25519 public key)", e);
    }
  }

  /** A registry's signed list (spec-v1 §14.2), accepted only under {@code registryKey}. */
  static NodeSource registry(String url, SigningPublicKey registryKey) {
    return new RegistrySource(url, registryKey);
  }

  /** A fixed list of node base URLs; each descriptor is fetched from the node ({@code GET /v1/node}). */
  static NodeSource staticUrls(String... urls) {
    return staticUrls(Arrays.asList(urls));
  }

  /** A fixed list of node base URLs; each descriptor is fetched from the node ({@code GET /v1/node}). */
  static NodeSource staticUrls(List<String> urls) {
    return new StaticSource(urls);
  }
}
