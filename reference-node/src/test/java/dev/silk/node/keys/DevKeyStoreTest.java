package dev.silk.node.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Dev keys shared by replicas: created once, whoever starts first, never half-written, never replaced. */
class DevKeyStoreTest {
  @Test
  void replicasCreatingKeysTogetherAllGetTheSameOnes() throws Exception {
    for (int round = 0; round < 20; round++) {
      Path dir = Files.createTempDirectory("silk-keys");
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<NodeKeys>> loaded = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          loaded.add(threads.submit(() -> {
            start.await();
            return DevKeyStore.loadOrCreate(dir);
          }));
        }
        start.countDown();
        NodeKeys first = loaded.get(0).get();
        for (Future<NodeKeys> f : loaded) {
          NodeKeys keys = f.get();
          assertThat(keys.signing.publicKey()).isEqualTo(first.signing.publicKey());
          assertThat(keys.kem.publicKey().toBytes()).isEqualTo(first.kem.publicKey().toBytes());
          assertThat(keys.xwing.publicKey().toBytes()).isEqualTo(first.xwing.publicKey().toBytes());
        }
        try (Stream<Path> files = Files.list(dir)) {
          assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
              .containsExactlyInAnyOrder("signing.key", "kem-x25519.key", "kem-xwing.key");
        }
        assertThat(DevKeyStore.loadOrCreate(dir).signing.publicKey()).as("kept, not replaced")
            .isEqualTo(first.signing.publicKey());
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void aDataDirectoryFromBeforeXWingKeepsItsKeysAndGainsAnXWingKey() throws Exception {
    Path dir = Files.createTempDirectory("silk-keys");
    NodeKeys before = DevKeyStore.loadOrCreate(dir);
    Files.delete(dir.resolve("kem-xwing.key")); // as a node of the previous release left it
    NodeKeys after = DevKeyStore.loadOrCreate(dir);
    assertThat(after.signing.publicKey()).isEqualTo(before.signing.publicKey());
    assertThat(after.kem.publicKey()).isEqualTo(before.kem.publicKey());
    assertThat(after.xwing.publicKey().suite()).isEqualTo(dev.silk.crypto.envelope.HpkeSuite.XWING_SHA256_AES128GCM);
    assertThat(after.hpkeKeys()).containsExactly(after.xwing, after.kem);
    assertThat(DevKeyStore.loadOrCreate(dir).xwing.publicKey()).as("kept from now on").isEqualTo(after.xwing.publicKey());
  }
}
