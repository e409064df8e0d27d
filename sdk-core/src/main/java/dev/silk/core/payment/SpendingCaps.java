package dev.silk.core.payment;

import java.util.Objects;
import java.util.Optional;

/**
 * The limits a client refuses to exceed: the most one request may cost, the most all requests
 * together may cost, and the most that may be locked as deposits in payment channels. A cap
 * that is not set is unlimited. Immutable and thread-safe; enforced by a {@link Budget}.
 *
 * <pre>{@code
 * SpendingCaps caps = SpendingCaps.builder()
 *     .maxPerRequest(TonAmount.ofTon("0.01"))
 *     .maxTotalSpend(TonAmount.ofTon("2"))
 *     .build();
 * }</pre>
 */
public final class SpendingCaps {
  private static final SpendingCaps UNLIMITED = builder().build();

  private final TonAmount maxPerRequest;
  private final TonAmount maxTotalSpend;
  private final TonAmount maxDepositLocked;

  private SpendingCaps(Builder b) {
    this.maxPerRequest = b.maxPerRequest;
    this.maxTotalSpend = b.maxTotalSpend;
    this.maxDepositLocked = b.maxDepositLocked;
  }

  /** No cap at all. */
  public static SpendingCaps unlimited() {
    return UNLIMITED;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The most one request may cost. */
  public Optional<TonAmount> maxPerRequest() {
    return Optional.ofNullable(maxPerRequest);
  }

  /** The most all requests of the {@link Budget} may cost together. */
  public Optional<TonAmount> maxTotalSpend() {
    return Optional.ofNullable(maxTotalSpend);
  }

  /** The most that may be locked in payment-channel deposits at once. */
  public Optional<TonAmount> maxDepositLocked() {
    return Optional.ofNullable(maxDepositLocked);
  }

  @Override
  public String toString() {
    return "SpendingCaps[perRequest=" + maxPerRequest + ", total=" + maxTotalSpend + ", deposit="
        + maxDepositLocked + "]";
  }

  /** Builds {@link SpendingCaps}; not thread-safe. */
  public static final class Builder {
    private TonAmount maxPerRequest;
    private TonAmount maxTotalSpend;
    private TonAmount maxDepositLocked;

    private Builder() {}

    public Builder maxPerRequest(TonAmount amount) {
      this.maxPerRequest = Objects.requireNonNull(amount, "amount");
      return this;
    }

    public Builder maxTotalSpend(TonAmount amount) {
      this.maxTotalSpend = Objects.requireNonNull(amount, "amount");
      return this;
    }

    public Builder maxDepositLocked(TonAmount amount) {
      this.maxDepositLocked = Objects.requireNonNull(amount, "amount");
      return this;
    }

    public SpendingCaps build() {
      return new SpendingCaps(this);
    }
  }
}
