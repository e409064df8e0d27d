package dev.silk.core.internal.discovery;

import dev.silk.core.discovery.NodeListing;
import dev.silk.core.discovery.NodeSource;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.signature.SignedFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** A fixed list of node URLs; each descriptor comes from the node itself. Thread-safe. */
public final class StaticSource implements NodeSource {
  private static final Logger LOG = Logger.getLogger("dev.silk.discovery");

  private final List<String> urls;

  public StaticSource(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("a static node list needs at least one URL");
    }
    this.urls = new ArrayList<>();
    for (String u : urls) {
      this.urls.add(u.replaceAll("/+$", ""));
    }
  }

  @Override
  public List<NodeListing> list(Fetcher fetcher) throws IOException {
    List<NodeListing> nodes = new ArrayList<>();
    IOException last = null;
    for (String url : urls) {
      try {
        nodes.add(NodeListing.of(url, fetcher.get(url + "/" + HttpBinding.NODE, SignedFrame.MAX_BODY + 69)));
      } catch (IOException e) {
        // One node down must not hide the others; it is listed again at the next refresh.
        LOG.warning("node " + url + " not listed: " + e.getClass().getSimpleName());
        last = e;
      }
    }
    if (nodes.isEmpty() && last != null) {
      throw last;
    }
    return nodes;
  }

  @Override
  public String toString() {
    return "static " + urls;
  }
}
