package dev.silk.micrometer;

import dev.silk.core.observe.CallInfo;
import dev.silk.core.observe.CallObservation;
import dev.silk.core.observe.CallObserver;
import dev.silk.core.observe.CallResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Puts a {@link dev.silk.core.SilkClient}'s calls into Micrometer. With Spring Boot, the Silk
 * starter does this for you; elsewhere:
 *
 * <pre>{@code
 * MeterRegistry meters = new SimpleMeterRegistry();   // or your Prometheus, OTLP ... registry
 * SilkClient client = SilkClient.builder()
 *     .baseUrl(node)
 *     .observer(SilkObservations.observer(meters))
 *     .build();
 * }</pre>
 *
 * Meters: the timer {@code silk.client.requests} (see {@link SilkObservationConvention}) and the
 * counters of {@link SilkMeterObservationHandler}. Thread-safe.
 */
public final class SilkObservations {
  private static final SilkObservationConvention DEFAULT_CONVENTION = new SilkObservationConvention();

  private SilkObservations() {}

  /**
   * An observer that records into {@code meters} alone: it makes its own
   * {@link ObservationRegistry} with Micrometer's timer handler and Silk's counters.
   */
  public static CallObserver observer(MeterRegistry meters) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(new SilkMeterObservationHandler(meters));
    return observer(registry, DEFAULT_CONVENTION);
  }

  /**
   * An observer that starts one observation per call in {@code registry}, whose handlers decide
   * what is recorded (register a {@link SilkMeterObservationHandler} there for the counters).
   */
  public static CallObserver observer(ObservationRegistry registry) {
    return observer(registry, DEFAULT_CONVENTION);
  }

  /** As {@link #observer(ObservationRegistry)}, named and tagged by {@code convention}. */
  public static CallObserver observer(ObservationRegistry registry, SilkObservationConvention convention) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(convention, "convention");
    return call -> start(call, registry, convention);
  }

  private static CallObservation start(CallInfo call, ObservationRegistry registry,
      SilkObservationConvention convention) {
    SilkObservationContext context = new SilkObservationContext(call);
    Observation observation = Observation.createNotStarted(convention, () -> context, registry).start();
    return new CallObservation() {
      @Override
      public void succeeded(CallResult result) {
        context.result(result);
        observation.stop();
      }

      @Override
      public void failed(Throwable error) {
        observation.error(error);
        observation.stop();
      }
    };
  }
}
