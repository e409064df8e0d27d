package dev.silk.core.observe;

import dev.silk.core.Verification;
import dev.silk.core.payment.TonAmount;
import java.util.Objects;

/** How a call that succeeded ended: tokens, what was verified and what it cost. Immutable. */
public final class CallResult {
  private final long promptTokens;
  private final long completionTokens;
  private final Verification verification;

  public CallResult(long promptTokens, long completionTokens, Verification verification) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.verification = Objects.requireNonNull(verification, "verification");
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long completionTokens() {
    return completionTokens;
  }

  public Verification verification() {
    return verification;
  }

  /** What the call cost (zero on a free node). */
  public TonAmount cost() {
    return verification.cost();
  }

  @Override
  public String toString() {
    return "CallResult[" + promptTokens + "+" + completionTokens + " tokens, " + cost() + ", "
        + verification.level() + "]";
  }
}
