package dev.silk.core.models;

import dev.silk.core.payment.TonAmount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model a client can ask for. From a Silk node it comes from the node's signed descriptor
 * (with its prices); from a COCOON runner it is one of the network's base model names with the
 * load and price coefficient of its workers. Immutable and thread-safe.
 */
public final class Model {
  private final String id;
  private final String ownedBy;
  private final long created;
  private final TonAmount promptPricePer1k;
  private final TonAmount completionPricePer1k;
  private final List<Worker> workers;

  /**
   * @param promptPricePer1k price per 1K prompt tokens, or null if the source states none
   * @param completionPricePer1k price per 1K completion tokens, or null if the source states none
   */
  public Model(String id, String ownedBy, long created, TonAmount promptPricePer1k, TonAmount completionPricePer1k,
      List<Worker> workers) {
    this.id = Objects.requireNonNull(id, "id");
    this.ownedBy = ownedBy;
    this.created = created;
    this.promptPricePer1k = promptPricePer1k;
    this.completionPricePer1k = completionPricePer1k;
    this.workers = Collections.unmodifiableList(new ArrayList<>(workers));
  }

  /** The name to pass as {@code model}. */
  public String id() {
    return id;
  }

  /** Who serves it: the node id (hex) of a Silk node, or what the COCOON runner reports. */
  public String ownedBy() {
    return ownedBy;
  }

  /** Unix seconds, or 0 if unknown. */
  public long created() {
    return created;
  }

  /** Price per 1K prompt tokens, as signed in a Silk node's descriptor. */
  public Optional<TonAmount> promptPricePer1k() {
    return Optional.ofNullable(promptPricePer1k);
  }

  /** Price per 1K completion tokens, as signed in a Silk node's descriptor. */
  public Optional<TonAmount> completionPricePer1k() {
    return Optional.ofNullable(completionPricePer1k);
  }

  /** The COCOON workers serving it (empty for a Silk node). */
  public List<Worker> workers() {
    return workers;
  }

  @Override
  public String toString() {
    return "Model[" + id + ", ownedBy=" + ownedBy + ", " + workers.size() + " workers]";
  }

  /** One COCOON worker's price coefficient and load. Immutable and thread-safe. */
  public static final class Worker {
    private final long coefficient;
    private final int runningRequests;
    private final int maxRunningRequests;

    public Worker(long coefficient, int runningRequests, int maxRunningRequests) {
      this.coefficient = coefficient;
      this.runningRequests = runningRequests;
      this.maxRunningRequests = maxRunningRequests;
    }

    /** The worker's price multiplier; compare with {@code maxCoefficient} of a COCOON request. */
    public long coefficient() {
      return coefficient;
    }

    public int runningRequests() {
      return runningRequests;
    }

    public int maxRunningRequests() {
      return maxRunningRequests;
    }

    @Override
    public String toString() {
      return "Worker[coefficient=" + coefficient + ", " + runningRequests + "/" + maxRunningRequests + "]";
    }
  }
}
