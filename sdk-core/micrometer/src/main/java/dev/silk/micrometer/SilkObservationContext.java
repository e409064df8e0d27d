package dev.silk.micrometer;

import dev.silk.core.observe.CallInfo;
import dev.silk.core.observe.CallResult;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * The context of one Silk call's observation: what was asked, and how it ended (a result, or
 * the error on {@link #getError()}). Handlers and conventions read it; never a prompt or an answer.
 */
public final class SilkObservationContext extends Observation.Context {
  private final CallInfo call;
  private volatile CallResult result;

  public SilkObservationContext(CallInfo call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  public CallInfo call() {
    return call;
  }

  /** How the call ended, or null while it runs or if it failed. */
  public CallResult result() {
    return result;
  }

  void result(CallResult result) {
    this.result = result;
  }
}
