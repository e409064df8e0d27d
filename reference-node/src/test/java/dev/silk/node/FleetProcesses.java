package dev.silk.node;

import dev.silk.node.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicas of one node, each in its own process with its own data directory, sharing one keys
 * directory ({@code --keys}: one identity, one descriptor) and {@code database}, started together,
 * behind a {@link RoundRobinProxy}. For the fleet test and the fleet benchmark. Not thread-safe.
 */
public final class FleetProcesses implements AutoCloseable {
  private final List<Path> dirs = new ArrayList<>();
  private final List<NodeProcess> replicas = new ArrayList<>();
  private RoundRobinProxy balancer;

  private FleetProcesses() {}

  /**
   * Starts {@code count} replicas on {@code database} (null: each its own SQLite files, for a
   * baseline), each with {@code extraFlags}, and a balancer in front.
   */
  public static FleetProcesses start(int count, Database database, String... extraFlags) throws Exception {
    FleetProcesses fleet = new FleetProcesses();
    try {
      Path keys = Files.createTempDirectory("silk-fleet-keys");
      fleet.dirs.add(keys);
      List<String> common = new ArrayList<>(java.util.Arrays.asList("--keys", keys.toString()));
      if (database != null) {
        common.addAll(java.util.Arrays.asList("--database-url", database.jdbcUrl(), "--database-user", database.user(),
            "--database-pool", "4"));
      }
      common.addAll(java.util.Arrays.asList(extraFlags));
      String[] flags = common.toArray(new String[0]);
      // Started together on an empty keys directory: the first key written is everyone's.
      List<java.util.concurrent.Future<NodeProcess>> starting = new ArrayList<>();
      java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(count);
      try {
        for (int i = 0; i < count; i++) {
          Path dir = Files.createTempDirectory("silk-fleet");
          fleet.dirs.add(dir);
          starting.add(starter.submit(() -> NodeProcess.start(dir, flags)));
        }
        for (java.util.concurrent.Future<NodeProcess> f : starting) {
          fleet.replicas.add(f.get());
        }
      } finally {
        starter.shutdown();
      }
      List<Integer> ports = new ArrayList<>();
      for (NodeProcess replica : fleet.replicas) {
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
