package dev.silk.core.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.internal.discovery.NodeHealth;
import dev.silk.core.internal.discovery.NodeTarget;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A node's health record alone, on a fixed clock: rests after failures, Retry-After, latency × load. */
class NodeHealthTest {
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  @Test
  void failuresInARowRestTheNodeLongerUpToACap() {
    NodeHealth health = new NodeHealth();
    long[] expectedMillis = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (long millis : expectedMillis) {
      health.started();
      health.ended(NodeTarget.Outcome.NOT_REACHED, Duration.ofMillis(10), Duration.ZERO, T0);
      assertThat(health.resting(T0.plusMillis(millis - 1))).as("resting %d ms", millis).isTrue();
      assertThat(health.resting(T0.plusMillis(millis))).isFalse();
    }
  }

  @Test
  void aCallerWhoStopsAStreamDoesNotRestTheNode() {
    NodeHealth health = new NodeHealth();
    for (int i = 0; i < 10; i++) {
      health.started();
      health.ended(NodeTarget.Outcome.STOPPED, Duration.ofMillis(10), Duration.ZERO, T0);
    }
    assertThat(health.resting(T0)).isFalse();
    // ... nor does it count towards a run of failures.
    health.ended(NodeTarget.Outcome.BROKEN, Duration.ofMillis(10), Duration.ZERO, T0);
    assertThat(health.resting(T0.plusMillis(499))).isTrue();
    assertThat(health.resting(T0.plusMillis(500))).as("the first rest, not the eleventh").isFalse();
  }

  @Test
  void anAnswerEndsTheRunOfFailures() {
    NodeHealth health = new NodeHealth();
    health.ended(NodeTarget.Outcome.BROKEN, Duration.ofMillis(10), Duration.ZERO, T0);
    health.ended(NodeTarget.Outcome.BROKEN, Duration.ofMillis(10), Duration.ZERO, T0);
    health.ended(NodeTarget.Outcome.ANSWERED, Duration.ofMillis(10), Duration.ZERO, T0);
    health.ended(NodeTarget.Outcome.BROKEN, Duration.ofMillis(10), Duration.ZERO, T0);
    assertThat(health.resting(T0.plusMillis(499))).isTrue();
    assertThat(health.resting(T0.plusMillis(500))).as("back to the first rest").isFalse();
  }

  @Test
  void aSignedRefusalRestsTheNodeForItsRetryAfterOnly() {
    NodeHealth health = new NodeHealth();
    health.ended(NodeTarget.Outcome.REFUSED, Duration.ofMillis(10), Duration.ofSeconds(3), T0);
    assertThat(health.resting(T0.plusSeconds(2))).isTrue();
    assertThat(health.resting(T0.plusSeconds(3))).isFalse();
  }

  @Test
  void theScoreIsLatencyTimesLoad() {
    NodeHealth health = new NodeHealth();
    health.started();
    health.ended(NodeTarget.Outcome.ANSWERED, Duration.ofMillis(100), Duration.ZERO, T0);
    double idle = health.score();
    assertThat(idle).isEqualTo(Duration.ofMillis(100).toNanos());
    health.started();
    health.started();
    assertThat(health.score()).isEqualTo(3 * idle);
    health.ended(NodeTarget.Outcome.ANSWERED, Duration.ofMillis(200), Duration.ZERO, T0);
    assertThat(health.score()).as("EWMA moves a fifth of the way").isEqualTo(2 * (0.8 * 100e6 + 0.2 * 200e6));
  }
}
