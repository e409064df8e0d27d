package dev.silk.core.cocoon;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * COCOON-only request fields, for a client that talks to a COCOON client runner: the highest
 * worker price coefficient to accept and a request GUID for the runner's debug log. Pass them
 * per call with {@link dev.silk.core.RequestOptions.Builder#cocoon} or as the client's default
 * with {@link dev.silk.core.SilkClient.Builder#cocoonRunner(String, CocoonOptions)}. The
 * runner's {@code timeout} field is always the call's timeout. Immutable and thread-safe.
 *
 * <pre>{@code
 * RequestOptions cheap = RequestOptions.builder()
 *     .cocoon(CocoonOptions.builder().maxCoefficient(1500).requestGuid("order-42").build())
 *     .build();
 * }</pre>
 */
public final class CocoonOptions {
  private static final CocoonOptions RUNNER_DEFAULTS = builder().build();
  private static final Pattern GUID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Long maxCoefficient;
  private final String requestGuid;

  private CocoonOptions(Builder b) {
    this.maxCoefficient = b.maxCoefficient;
    this.requestGuid = b.requestGuid;
  }

  /** Nothing set: the runner's defaults apply (max coefficient 4000). */
  public static CocoonOptions runnerDefaults() {
    return RUNNER_DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The highest worker price coefficient to accept, or null for the runner's default (4000). */
  public Long maxCoefficient() {
    return maxCoefficient;
  }

  /** The request GUID to send, or null. */
  public String requestGuid() {
    return requestGuid;
  }

  /** These options, with fields unset here taken from {@code defaults}. */
  public CocoonOptions orElse(CocoonOptions defaults) {
    Builder b = builder();
    b.maxCoefficient = maxCoefficient != null ? maxCoefficient : defaults.maxCoefficient;
    b.requestGuid = requestGuid != null ? requestGuid : defaults.requestGuid;
    return b.build();
  }

  @Override
  public String toString() {
    return "CocoonOptions[maxCoefficient=" + maxCoefficient + ", requestGuid=" + requestGuid + "]";
  }

  /** Builds {@link CocoonOptions}; not thread-safe. */
  public static final class Builder {
    private Long maxCoefficient;
    private String requestGuid;

    private Builder() {}

    /** @throws IllegalArgumentException unless positive */
    public Builder maxCoefficient(long maxCoefficient) {
      if (maxCoefficient <= 0) {
        throw new IllegalArgumentException("maxCoefficient must be positive");
      }
      this.maxCoefficient = maxCoefficient;
      return this;
    }

    /** @throws IllegalArgumentException unless 1–128 characters of letters, digits and {@code ._:-} */
    public Builder requestGuid(String requestGuid) {
      if (!GUID.matcher(Objects.requireNonNull(requestGuid, "requestGuid")).matches()) {
        throw new IllegalArgumentException("requestGuid must be 1-128 characters of [A-Za-z0-9._:-]");
      }
      this.requestGuid = requestGuid;
      return this;
    }

    public CocoonOptions build() {
      return new CocoonOptions(this);
    }
  }
}
