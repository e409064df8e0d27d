package dev.silk.node.http;

import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestOpener;

/** The descriptor a node currently serves and the opener for requests sealed to it. Immutable. */
public final class NodeState {
  public final SignedDescriptor descriptor;
  public final RequestOpener opener;

  public NodeState(SignedDescriptor descriptor, RequestOpener opener) {
    this.descriptor = descriptor;
    this.opener = opener;
  }
}
