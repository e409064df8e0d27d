package dev.silk.core.internal.discovery;

import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeListing;
import dev.silk.core.internal.discovery.NodePool;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.discovery.RegistrySource;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Discovery at registry scale (issue "Discovery, node selection and failover"): choosing a node
 * among 10,000 listed descriptors (target under 1 ms), and taking in a 10,000-entry registry list
 * (its signature, then every descriptor's signature and validity, in parallel; target under 2 s).
 * Run with {@link DiscoveryBenchmarkMain}.
 */
@State(Scope.Benchmark)
public class DiscoveryBenchmark {
  @Param("10000")
  public int nodes;

  private byte[] registryBytes;
  private RegistrySource registry;
  private NodePool warm;
  private final AttestationPolicy dev = AttestationPolicy.builder().allowInsecureDevAttestation().build();

  @Setup(Level.Trial)
  public void setUp() {
    Instant now = Instant.now();
    SigningPrivateKey registryKey = SigningPrivateKey.generate();
    List<RegistryList.Entry> entries = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      SignedDescriptor d = NodePoolTest.descriptor(PaymentTerms.tonChannel(new byte[32], "EQ", 0, 4),
          1_000 + i % 100, 2_000, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(23)));
      entries.add(RegistryList.Entry.of("http://127.0.0.1:" + (1024 + i), d));
    }
    registryBytes = RegistryList.sign(registryKey, entries, now, now.plus(Duration.ofHours(1))).toBytes();
    registry = new RegistrySource("http://127.0.0.1:1", registryKey.publicKey());
    warm = new NodePool(fetcher -> registry.list((url, max) -> registryBytes), DiscoveryOptions.builder()
        .refreshInterval(Duration.ofDays(1)).build(), dev, Clock.systemUTC(), new OkHttpClient(), false,
        NodePoolTest.PAY_ANY);
    warm.nodes(); // listed once; attestation is then checked lazily, per chosen node
  }

  /** A whole listing: the registry list's signature, then 10,000 descriptor signatures and validity checks. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int listRegistry() throws Exception {
    List<NodeListing> listed = registry.list((url, max) -> registryBytes);
    NodePool pool = new NodePool(fetcher -> listed, DiscoveryOptions.defaults(), dev, Clock.systemUTC(),
        new OkHttpClient(), false, NodePoolTest.PAY_ANY);
    return pool.nodes().size();
  }

  /** Baseline for {@link #listRegistry}: the same 10,000 descriptor parses and signature checks, on one thread. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int parseSequentially() throws Exception {
    int n = 0;
    for (NodeListing l : registry.list((url, max) -> registryBytes)) {
      n += SignedDescriptor.parse(l.signedDescriptor()).descriptor().models().size();
    }
    return n;
  }

  /** Choosing the node for one request among the 10,000 listed (attestation checked for the two drawn). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public NodeTarget choose() {
    return warm.choose("echo", new HashSet<>());
  }
}
