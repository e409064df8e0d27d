package dev.silk.core.internal.discovery;

import dev.silk.core.internal.node.NodeConnection;
import dev.silk.core.internal.node.VerifiedNode;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * One node as an attempt uses it: where to send, its verified descriptor, and where to report
 * how the attempt went (which is how a pool learns latency and health). Thread-safe.
 */
public interface NodeTarget {
  HttpUrl baseUrl();

  NodeConnection api();

  /** The node's verified descriptor (fetched, or checked on first use). */
  VerifiedNode node();

  /** Forgets {@code stale} if it is still the node's current descriptor. */
  void invalidate(VerifiedNode stale);

  /** How an attempt on this node ended. */
  enum Outcome {
    /** A verified answer, or a verified quote. */
    ANSWERED,
    /** Nothing reached the node (connection refused or not established). */
    NOT_REACHED,
    /** A refusal signed by the node: alive, but not now. */
    REFUSED,
    /** The node may have received the request, and no verified answer came back. */
    BROKEN,
    /**
     * The caller stopped the call (closed a stream before its end, cancelled a future): the node
     * may have served and charged part of it, but nothing says it is unwell.
     */
    STOPPED,
    /** A descriptor, answer or receipt failed verification: never use this node again. */
    DISTRUSTED
  }

  void started();

  /**
   * @param elapsed the attempt's time, for {@link Outcome#ANSWERED}
   * @param retryAfter how long the node asked to be left alone, for {@link Outcome#REFUSED}
   */
  void ended(Outcome outcome, Duration elapsed, Duration retryAfter);
}
