package dev.silk.core.discovery;

import java.util.Objects;

/**
 * One node as a {@link NodeSource} lists it: where it serves and its signed descriptor's bytes,
 * not yet checked (the client checks them). Immutable.
 */
public final class NodeListing {
  private final String url;
  private final byte[] descriptor;

  private NodeListing(String url, byte[] descriptor) {
    this.url = url;
    this.descriptor = descriptor;
  }

  /**
   * @param url the node's base URL
   * @param signedDescriptor the descriptor's exact signed bytes (as {@code GET /v1/node} serves them)
   */
  public static NodeListing of(String url, byte[] signedDescriptor) {
    return new NodeListing(Objects.requireNonNull(url, "url"), Objects.requireNonNull(signedDescriptor, "signedDescriptor").clone());
  }

  public String url() {
    return url;
  }

  public byte[] signedDescriptor() {
    return descriptor.clone();
  }

  @Override
  public String toString() {
    return "NodeListing[" + url + "]";
  }
}
