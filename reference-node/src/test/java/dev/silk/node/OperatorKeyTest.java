package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.crypto.descriptor.OperatorEndorsement;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The operator key (spec-v1 §7.4): every descriptor carries its endorsement of the node's
 * keys, and it outlives them. A fresh data directory stands in for a tdx reboot, where the
 * node's keys are new and only the operator key file is kept.
 */
class OperatorKeyTest {
  @Test
  void aNodeWithNewKeysKeepsItsOperatorIdentity() throws Exception {
    Path operatorDir = Files.createTempDirectory("silk-operator");
    Path operatorKey = operatorDir.resolve("operator.key");
    SignedDescriptor before;
    try (LocalNode node = new LocalNode(b -> b.operatorKeyFile(operatorKey));
        SilkClient client = node.client()) {
      before = client.node();
      OperatorEndorsement e = before.descriptor().operator().orElseThrow(AssertionError::new);
      assertThat(e.nodeKey()).isEqualTo(before.signingKey());
      assertThat(e.notAfter()).isAfterOrEqualTo(before.descriptor().notAfter());
      assertThat(e.operatorId()).isNotEqualTo(before.nodeId());
    }
    assertThat(Files.exists(operatorKey)).isTrue();
    try (LocalNode rebooted = new LocalNode(b -> b.operatorKeyFile(operatorKey));
        SilkClient client = rebooted.client()) {
      SignedDescriptor after = client.node();
      assertThat(after.nodeId()).as("new node keys").isNotEqualTo(before.nodeId());
      assertThat(after.descriptor().operator().get().operatorId()).as("same operator")
          .isEqualTo(before.descriptor().operator().get().operatorId());
    }
    try (LocalNode elsewhere = new LocalNode(b -> b); SilkClient client = elsewhere.client()) {
      assertThat(client.node().descriptor().operator().get().operatorId()).as("another operator's key")
          .isNotEqualTo(before.descriptor().operator().get().operatorId());
      assertThat(elsewhere.dataDir.resolve("operator.key")).as("created in the data directory by default").exists();
    }
    LocalNode.deleteRecursively(operatorDir);
  }
}
