package dev.silk.node;

import dev.silk.core.SilkClient;
import dev.silk.crypto.attestation.AttestationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/** A reference node on a free loopback port with its own data directory, for one test. */
final class LocalNode implements AutoCloseable {
  // close() throws Exception because SilkNode.close() does; tests use try-with-resources.
  static final AttestationPolicy DEV = AttestationPolicy.builder().allowInsecureDevAttestation().build();

  final Path dataDir;
  final NodeConfig config;
  SilkNode node;

  LocalNode(UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    this(Files.createTempDirectory("silk-node-test"), settings);
  }

  LocalNode(Path dataDir, UnaryOperator<NodeConfig.Builder> settings) throws Exception {
    this.dataDir = dataDir;
    // A short drain: a test that leaves a request hanging should not wait the default 10 s at close.
    this.config = settings.apply(NodeConfig.builder().dataDir(dataDir).port(0)
        .limits(l -> l.drainTimeout(Duration.ofSeconds(2)))).build();
    this.node = SilkNode.start(config);
  }

  /** Stops and starts the node on the same data directory (and a new free port). */
  void restart() throws Exception {
    node.close();
    node = SilkNode.start(config);
  }

  SilkClient client() {
    return client(new OkHttpClient(), b -> b);
  }

  SilkClient client(OkHttpClient http, UnaryOperator<SilkClient.Builder> settings) {
    return settings.apply(SilkClient.builder()
        .baseUrl(node.baseUrl())
        .attestationPolicy(DEV)
        .okHttpClient(http)
        .retryBackoff(Duration.ofMillis(20))).build();
  }

  @Override
  public void close() throws Exception {
    node.close();
    deleteRecursively(dataDir);
  }

  static void deleteRecursively(Path dir) throws IOException {
    TestDirs.deleteRecursively(dir);
  }

}
