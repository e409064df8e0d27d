package dev.silk.core.internal.discovery;

import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.util.List;
import java.util.Set;

/** Picks the node for each attempt: the one configured node, or one of a discovered pool. Thread-safe. */
public interface NodeChooser {
  /**
   * The node for the next attempt of a request for {@code model}, avoiding {@code tried}.
   *
   * @throws dev.silk.core.errors.SilkIoException {@code no_node} when no node can take it
   */
  NodeTarget choose(String model, Set<NodeTarget> tried);

  /** Whether a failed attempt may move to another node (a pool) rather than the same one. */
  boolean failsOver();

  /** The descriptors a request may go to, for listing models (unverified attestation). */
  List<SignedDescriptor> candidates();

  /**
   * The distinct signed price entries of paid nodes that may take a request for {@code model},
   * so that the budget can reserve the most a request can cost wherever it lands.
   */
  List<ModelInfo> prices(String model);

  /**
   * The single node's verified descriptor.
   *
   * @throws IllegalStateException for a pool of many nodes
   */
  VerifiedNode single();
}
