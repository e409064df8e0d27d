package dev.silk.node;

import dev.silk.node.store.Database;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a node runs as one of several replicas of one node behind a balancer: the database they
 * share, the keys directory they share (one identity, one descriptor), and whether the balancer
 * sends the PROXY protocol. Immutable; {@link #none()} for a node on its own.
 *
 * <pre>{@code
 * NodeConfig.builder().dataDir(dir).replicas(Replicas.builder()
 *     .database(Database.postgres(url, "silk", password)).keysDir(sharedKeys).proxyProtocol(true).build())
 * }</pre>
 */
public final class Replicas {
  private static final Replicas NONE = builder().build();

  private final Database database;
  private final Path keysDir;
  private final boolean proxyProtocol;

  private Replicas(Builder b) {
    this.database = b.database;
    this.keysDir = b.keysDir;
    this.proxyProtocol = b.proxyProtocol;
  }

  /** A node on its own: its own SQLite files, its own keys, clients reaching it directly. */
  public static Replicas none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The PostgreSQL database the replicas share, or null for the node's own SQLite files. */
  public Database database() {
    return database;
  }

  /** The shared keys directory, or null for the node's data directory. */
  public Path keysDir() {
    return keysDir;
  }

  /** Whether every connection starts with a balancer's PROXY protocol header (v1 or v2). */
  public boolean proxyProtocol() {
    return proxyProtocol;
  }

  /** Builds {@link Replicas}. Not thread-safe. */
  public static final class Builder {
    private Database database;
    private Path keysDir;
    private boolean proxyProtocol;

    private Builder() {}

    /** Keeps the replay cache in this PostgreSQL database, shared with the other replicas. */
    public Builder database(Database database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Loads (or creates, once for all) the dev keys here: every replica the same identity. */
    public Builder keysDir(Path dir) {
      this.keysDir = Objects.requireNonNull(dir, "keysDir");
      return this;
    }

    /**
     * Behind a layer-4 balancer that sends the PROXY protocol (HAProxy v1 or v2): the client's own
     * address, not the balancer's, is what per-client limits count, and a POST on a connection
     * without the header is refused, since anyone reaching the node directly could claim any
     * address.
     */
    public Builder proxyProtocol(boolean enabled) {
      this.proxyProtocol = enabled;
      return this;
    }

    public Replicas build() {
      return new Replicas(this);
    }
  }
}
