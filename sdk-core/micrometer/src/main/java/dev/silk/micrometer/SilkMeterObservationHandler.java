package dev.silk.micrometer;

import dev.silk.core.errors.VerificationException;
import dev.silk.core.observe.CallResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;

/**
 * Counts what a Silk call's timer cannot: {@code silk.client.tokens} (by {@code silk.model} and
 * {@code silk.token.type} {@code prompt}/{@code completion}), {@code silk.client.cost} in nanoTON
 * (by {@code silk.model}), and {@code silk.client.verification.failures} (by
 * {@code silk.error.code}: a node whose receipt, signature or attestation failed). Register it
 * with the {@code ObservationRegistry} (Spring Boot does so for a bean). Thread-safe.
 */
public final class SilkMeterObservationHandler implements ObservationHandler<SilkObservationContext> {
  public static final String TOKENS = "silk.client.tokens";
  public static final String COST = "silk.client.cost";
  public static final String VERIFICATION_FAILURES = "silk.client.verification.failures";

  private final MeterRegistry meters;

  public SilkMeterObservationHandler(MeterRegistry meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public void onStop(SilkObservationContext context) {
    CallResult result = context.result();
    String model = context.call().model();
    if (result != null) {
      tokens(model, "prompt").increment(result.promptTokens());
      tokens(model, "completion").increment(result.completionTokens());
      Counter.builder(COST).baseUnit("nanoton").description("What Silk calls cost, in nanoTON")
          .tag("silk.model", model).register(meters).increment(result.cost().nanoton());
    }
    if (context.getError() instanceof VerificationException) {
      Counter.builder(VERIFICATION_FAILURES).description("Answers or nodes that failed Silk's verification")
          .tag("silk.error.code", SilkObservationConvention.errorCode(context.getError()))
          .register(meters).increment();
    }
  }

  private Counter tokens(String model, String type) {
    return Counter.builder(TOKENS).baseUnit("tokens").description("Tokens of verified Silk answers")
        .tag("silk.model", model).tag("silk.token.type", type).register(meters);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof SilkObservationContext;
  }
}
