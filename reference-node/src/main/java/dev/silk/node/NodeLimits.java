package dev.silk.node;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a node lets any one client, and all of them together, take from it: connections,
 * request rates, body size and speed, requests in flight, and chain lookups for channels it does
 * not know yet. Every limit applies before the work it protects (spec-v1 §10; the threat model
 * in the docs says which attack each one stops). Immutable and thread-safe.
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.builder().dataDir(dir)
 *     .limits(l -> l.rateLimitPerClient(20).bodyDeadline(Duration.ofSeconds(5)))
 *     .build();
 * }</pre>
 */
public final class NodeLimits {
  private final int maxBodyBytes;
  private final double rateLimitPerSecond;
  private final int rateLimitPerClient;
  private final int maxInFlight;
  private final int maxConnections;
  private final Duration bodyDeadline;
  private final long minBodyBytesPerSecond;
  private final int chainLookups;
  private final Duration chainLookupDeadline;
  private final Duration unknownChannelTtl;
  private final Duration drainTimeout;

  private NodeLimits(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.rateLimitPerSecond = b.rateLimitPerSecond;
    this.rateLimitPerClient = b.rateLimitPerClient;
    this.maxInFlight = b.maxInFlight;
    this.maxConnections = b.maxConnections;
    this.bodyDeadline = b.bodyDeadline;
    this.minBodyBytesPerSecond = b.minBodyBytesPerSecond;
    this.chainLookups = b.chainLookups;
    this.chainLookupDeadline = b.chainLookupDeadline;
    this.unknownChannelTtl = b.unknownChannelTtl;
    this.drainTimeout = b.drainTimeout;
  }

  /** The defaults: see each getter. */
  public static NodeLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBodyBytes = maxBodyBytes;
    b.rateLimitPerSecond = rateLimitPerSecond;
    b.rateLimitPerClient = rateLimitPerClient;
    b.maxInFlight = maxInFlight;
    b.maxConnections = maxConnections;
    b.bodyDeadline = bodyDeadline;
    b.minBodyBytesPerSecond = minBodyBytesPerSecond;
    b.chainLookups = chainLookups;
    b.chainLookupDeadline = chainLookupDeadline;
    b.unknownChannelTtl = unknownChannelTtl;
    b.drainTimeout = drainTimeout;
    return b;
  }

  /**
   * How long a stopping node lets requests in flight finish (default 10 s): it stops accepting
   * connections at once (a balancer moves on), answers what it holds, and cuts what is left.
   */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** The largest request body read (default 1 MiB); a larger one is refused with 413 unread. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Requests per second all clients together may start (default 500); checked after the per-client rate. */
  public double rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  /**
   * Requests per second one remote address may start on the POST endpoints, and one payment
   * channel may carry (default 200; a Mini App backend sends all its users' requests from one
   * address, so keep it generous).
   */
  public int rateLimitPerClient() {
    return rateLimitPerClient;
  }

  /** Sealed requests served at once, bodies already read (default 64). */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Open connections (default 1024); more wait in the kernel's accept queue. */
  public int maxConnections() {
    return maxConnections;
  }

  /** How long a request body may take to arrive in full (default 10 s), whatever its pace. */
  public Duration bodyDeadline() {
    return bodyDeadline;
  }

  /** The slowest average pace a body may arrive at once it started (default 1 KiB/s). */
  public long minBodyBytesPerSecond() {
    return minBodyBytesPerSecond;
  }

  /** Chain lookups of channels the node does not know yet that may run at once (default 8). */
  public int chainLookups() {
    return chainLookups;
  }

  /** How long a request waits for a chain lookup (default 5 s); then it is refused, retry later. */
  public Duration chainLookupDeadline() {
    return chainLookupDeadline;
  }

  /** How long "no such channel with this node" is remembered (default 5 s). */
  public Duration unknownChannelTtl() {
    return unknownChannelTtl;
  }

  /** Builds {@link NodeLimits}; every setter validates. Not thread-safe. */
  public static final class Builder {
    private int maxBodyBytes = 1 << 20;
    private double rateLimitPerSecond = 500;
    private int rateLimitPerClient = 200;
    private int maxInFlight = 64;
    private int maxConnections = 1024;
    private Duration bodyDeadline = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private long minBodyBytesPerSecond = 1024;
    private int chainLookups = 8;
    private Duration chainLookupDeadline = Duration.ofSeconds(5);
    private Duration unknownChannelTtl = Duration.ofSeconds(5);

    private Builder() {}

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = atLeast(maxBodyBytes, 1024, "maxBodyBytes");
      return this;
    }

    public Builder rateLimitPerSecond(double rate) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("rate limit must be positive and finite");
      }
      this.rateLimitPerSecond = rate;
      return this;
    }

    public Builder rateLimitPerClient(int rate) {
      this.rateLimitPerClient = atLeast(rate, 1, "rateLimitPerClient");
      return this;
    }

    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = atLeast(maxInFlight, 1, "maxInFlight");
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = atLeast(maxConnections, 1, "maxConnections");
      return this;
    }

    /** See {@link NodeLimits#drainTimeout()}; zero stops at once. */
    public Builder drainTimeout(Duration timeout) {
      if (java.util.Objects.requireNonNull(timeout, "drainTimeout").isNegative()) {
        throw new IllegalArgumentException("drainTimeout must not be negative");
      }
      this.drainTimeout = timeout;
      return this;
    }

    public Builder bodyDeadline(Duration deadline) {
      this.bodyDeadline = positive(deadline, "bodyDeadline");
      return this;
    }

    public Builder minBodyBytesPerSecond(long rate) {
      if (rate < 1) {
        throw new IllegalArgumentException("minBodyBytesPerSecond must be at least 1");
      }
      this.minBodyBytesPerSecond = rate;
      return this;
    }

    public Builder chainLookups(int concurrent) {
      this.chainLookups = atLeast(concurrent, 1, "chainLookups");
      return this;
    }

    public Builder chainLookupDeadline(Duration deadline) {
      this.chainLookupDeadline = positive(deadline, "chainLookupDeadline");
      return this;
    }

    public Builder unknownChannelTtl(Duration ttl) {
      this.unknownChannelTtl = positive(ttl, "unknownChannelTtl");
      return this;
    }

    public NodeLimits build() {
      return new NodeLimits(this);
    }

    private static int atLeast(int value, int min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min);
      }
      return value;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
