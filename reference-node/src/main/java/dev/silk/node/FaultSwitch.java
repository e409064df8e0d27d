package dev.silk.node;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TESTING ONLY: the failure a node fakes on purpose, switchable while it runs, so that clients'
 * (and users' own) failure handling can be tested. Off unless set; every change is logged
 * loudly. Thread-safe.
 *
 * <pre>{@code
 * node.faults().inject(InjectedFault.SERVER_ERROR);   // the next requests get HTTP 500
 * node.faults().slowDown(Duration.ofMillis(300));                // every answer 300 ms later
 * node.faults().clear();
 * }</pre>
 */
public final class FaultSwitch {
  private static final Logger LOG = LoggerFactory.getLogger("node");

  private volatile InjectedFault fault;
  private volatile Duration delay = Duration.ZERO;

  FaultSwitch(InjectedFault initial) {
    this.fault = initial;
  }

  /** Fakes {@code fault} on every sealed request from now on. */
  public void inject(InjectedFault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
    if (fault != InjectedFault.NONE) {
      LOG.warn("TESTING ONLY: injected fault {} is on; this node misbehaves on purpose", fault);
    }
  }

  /** Holds every sealed request for {@code delay} before serving it (zero: no delay). */
  public void slowDown(Duration delay) {
    if (Objects.requireNonNull(delay, "delay").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    this.delay = delay;
    if (!delay.isZero()) {
      LOG.warn("TESTING ONLY: every sealed request is held {} ms", delay.toMillis());
    }
  }

  /** Back to normal operation. */
  public void clear() {
    fault = InjectedFault.NONE;
    delay = Duration.ZERO;
  }

  public InjectedFault fault() {
    return fault;
  }

  public Duration delay() {
    return delay;
  }
}
