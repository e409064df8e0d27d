package dev.silk.micrometer;

import dev.silk.core.errors.SilkException;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Names a Silk call's observation {@code silk.client.requests} with low-cardinality keys:
 * {@code silk.model}, {@code silk.kind} ({@code chat}, {@code chat_stream}, {@code text}),
 * {@code silk.outcome} ({@code success}, {@code failure}, {@code cancelled}),
 * {@code silk.error.code} (the {@link SilkException#code()}, {@code cancelled},
 * {@code unexpected} or {@code none}) and {@code silk.verification} (the answer's verification
 * level, or {@code none}). Extend or replace it to rename; the keys stay bounded.
 */
public class SilkObservationConvention implements ObservationConvention<SilkObservationContext> {
  /** The observation's name, and so the timer's. */
  public static final String NAME = "silk.client.requests";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(SilkObservationContext context) {
    return "silk " + kind(context);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(SilkObservationContext context) {
    Throwable error = context.getError();
    String outcome = error == null ? "success" : error instanceof CancellationException ? "cancelled" : "failure";
    return KeyValues.of(
        "silk.model", context.call().model(),
        "silk.kind", kind(context),
        "silk.outcome", outcome,
        "silk.error.code", errorCode(error),
        "silk.verification", context.result() == null ? "none"
            : context.result().verification().level().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof SilkObservationContext;
  }

  /** The stable code of a call's failure, for tags. */
  static String errorCode(Throwable error) {
    if (error == null) {
      return "none";
    }
    if (error instanceof SilkException) {
      return ((SilkException) error).code();
    }
    return error instanceof CancellationException ? "cancelled" : "unexpected";
  }

  private static String kind(SilkObservationContext context) {
    return context.call().kind().name().toLowerCase(Locale.ROOT);
  }
}
