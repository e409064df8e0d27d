package dev.silk.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.silk.core.Verification;
import dev.silk.core.payment.TonAmount;
import java.util.Objects;

/**
 * A response's metadata with what Silk verified: the signed receipt (from a Silk node) and what
 * the answer cost. Immutable and thread-safe.
 *
 * <pre>{@code
 * ChatResponse response = model.chat(request);
 * Verification v = ((SilkChatResponseMetadata) response.metadata()).verification();
 * }</pre>
 */
public final class SilkChatResponseMetadata extends ChatResponseMetadata {
  private final Verification verification;

  private SilkChatResponseMetadata(Builder builder) {
    super(builder);
    this.verification = Objects.requireNonNull(builder.verification, "verification");
  }

  /** What Silk checked before the answer was returned: level, receipt, attestation. */
  public Verification verification() {
    return verification;
  }

  /** What the answer cost, from its verified receipt (zero on a free node). */
  public TonAmount cost() {
    return verification.cost();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SilkChatResponseMetadata && super.equals(o)
        && verification.equals(((SilkChatResponseMetadata) o).verification);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + verification.hashCode();
  }

  /** Builds {@link SilkChatResponseMetadata}; not thread-safe. */
  public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private Verification verification;

    private Builder() {}

    public Builder verification(Verification verification) {
      this.verification = verification;
      return this;
    }

    @Override
    public SilkChatResponseMetadata build() {
      return new SilkChatResponseMetadata(this);
    }
  }
}
