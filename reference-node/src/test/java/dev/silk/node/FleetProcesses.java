package dev.silk.node;

import dev.silk.node.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicas of one node, each in its own process with its own data directory holding the first
 * replica's dev keys (one identity, one descriptor), sharing {@code database}, behind a
 * {@link RoundRobinProxy}. For the fleet test and the fleet benchmark. Not thread-safe.
 */
public final class FleetProcesses implements AutoCloseable {
  private static final String[] KEYS = {"signing.key", "kem-x25519.key", "operator.key"};

  private final List<Path> dirs = new ArrayList<>();
  private final List<NodeProcess> replicas = new ArrayList<>();
  private RoundRobinProxy balancer;

  private FleetProcesses() {}

  /** Starts {@code count} replicas on {@code database}, each with {@code extraFlags}, and a balancer in front. */
  public static FleetProcesses start(int count, Database database, String... extraFlags) throws Exception {
    FleetProcesses fleet = new FleetProcesses();
    try {
      List<String> common = new ArrayList<>(java.util.Arrays.asList("--database-url", database.jdbcUrl(),
          "--database-user", database.user(), "--database-pool", "4"));
      common.addAll(java.util.Arrays.asList(extraFlags));
      String[] flags = common.toArray(new String[0]);
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Path dir = Files.createTempDirectory("silk-fleet");
        fleet.dirs.add(dir);
        if (i > 0) {
          Files.createDirectories(dir.resolve("data"));
          for (String key : KEYS) {
            Files.copy(fleet.dirs.get(0).resolve("data").resolve(key), dir.resolve("data").resolve(key));
          }
        }
        NodeProcess replica = NodeProcess.start(dir, flags);
        fleet.replicas.add(replica);
        ports.add(Integer.parseInt(replica.baseUrl.substring(replica.baseUrl.lastIndexOf(':') + 1)));
      }
      fleet.balancer = new RoundRobinProxy(ports);
      return fleet;
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
  }

  /** The balancer's URL: what clients are given. */
  public String balancerUrl() {
    return balancer.url();
  }

  NodeProcess replica(int index) {
    return replicas.get(index);
  }

  @Override
  public void close() throws Exception {
    if (balancer != null) {
      balancer.close();
    }
    for (NodeProcess replica : replicas) {
      replica.kill();
    }
    for (Path dir : dirs) {
      LocalNode.deleteRecursively(dir);
    }
  }
}
