package dev.silk.core.internal.discovery;

import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Node ids, and operator ids (spec-v1 §7.4), whose evidence or answers failed verification: a
 * client never uses them again, and a reboot's new node id does not escape through its operator.
 * Thread-safe.
 */
final class Quarantine {
  private static final Logger LOG = Logger.getLogger("dev.silk.discovery");

  private final Set<NodeId> ids = ConcurrentHashMap.newKeySet();

  void add(SignedDescriptor descriptor, Object where, String reason) {
    boolean added = ids.add(descriptor.nodeId());
    Optional<NodeId> operator = descriptor.descriptor().operator().map(e -> e.operatorId());
    if (operator.isPresent()) {
      added |= ids.add(operator.get());
    }
    if (added) {
      LOG.warning("node " + where + " (" + descriptor.nodeId().toHex().substring(0, 16) + ") quarantined"
          + operator.map(o -> " with every node of its operator " + o.toHex().substring(0, 16)).orElse("") + ": "
          + reason);
    }
  }

  boolean contains(SignedDescriptor descriptor) {
    return ids.contains(descriptor.nodeId())
        || descriptor.descriptor().operator().map(e -> ids.contains(e.operatorId())).orElse(false);
  }

  int size() {
    return ids.size();
  }
}
