package dev.silk.core.cocoon;

import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * How a {@link dev.silk.core.SilkClient} reaches COCOON's network itself, without COCOON's client
 * runner: which network (its root config), which account pays, and how proxies are attested. By
 * default a proxy must present a TDX quote that Silk verifies in pure Java (Intel's root pinned,
 * Intel's collateral from {@link #collateral}, TCB UpToDate, the image hash on the root config's
 * proxy allow-list, the quote bound to the RA-TLS key) before any byte of a request is sent.
 * Needs BouncyCastle's TLS ({@code org.bouncycastle:bctls-jdk18on}) on the classpath. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * SilkClient client = SilkClient.builder()
 *     .cocoon(CocoonNative.builder()
 *         .network(TonCocoon.rootContract(tonCenter))          // sdk-ton
 *         .account(TonCocoon.clientAccount(tonCenter, wallet))  // sdk-ton
 *         .collateral(IntelPcs.intel(okHttp))
 *         .build())
 *     .build();
 * }</pre>
 */
public final class CocoonNative {
  private static final Logger LOG = Logger.getLogger(CocoonNative.class.getName());
  /** COCOON's clients solve no harder proof of work ({@code net/TcpConnection.cpp}). */
  public static final int MAX_POW_DIFFICULTY = 28;

  private final CocoonNetwork network;
  private final CocoonAccount account;
  private final CollateralSource collateral;
  private final UnaryOperator<TdxVerifier.Builder> tdxPolicy;
  private final Supplier<TdxVerifier.Builder> tdxVerifierBase;
  private final boolean unattestedProxies;
  private final int maxPowDifficulty;
  private final Duration connectTimeout;
  private final int maxCoefficient;

  private CocoonNative(Builder b) {
    this.network = b.network;
    this.account = b.account;
    this.collateral = b.collateral;
    this.tdxPolicy = b.tdxPolicy;
    this.tdxVerifierBase = b.tdxVerifierBase;
    this.unattestedProxies = b.unattestedProxies;
    this.maxPowDifficulty = b.maxPowDifficulty;
    this.connectTimeout = b.connectTimeout;
    this.maxCoefficient = b.maxCoefficient;
  }

  public static Builder builder() {
    return new Builder();
  }

  public CocoonNetwork network() {
    return network;
  }

  public CocoonAccount account() {
    return account;
  }

  /** Where Intel's collateral for proxies' platforms comes from (null: the client's OkHttp to Intel's PCS). */
  public CollateralSource collateral() {
    return collateral;
  }

  /** Adjusts the TDX verifier built for each root config (TCB statuses accepted, grace periods). */
  public UnaryOperator<TdxVerifier.Builder> tdxPolicy() {
    return tdxPolicy;
  }

  /** Where each config's TDX verifier starts: Intel's pinned root unless a test pinned another. */
  public Supplier<TdxVerifier.Builder> tdxVerifierBase() {
    return tdxVerifierBase;
  }

  /** Whether proxies are taken without attestation (COCOON's {@code any}): never by default. */
  public boolean unattestedProxies() {
    return unattestedProxies;
  }

  public int maxPowDifficulty() {
    return maxPowDifficulty;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The highest worker price coefficient a request accepts (COCOON's runner: 4000). */
  public int maxCoefficient() {
    return maxCoefficient;
  }

  /** Builds {@link CocoonNative}; not thread-safe. */
  public static final class Builder {
    private CocoonNetwork network;
    private CocoonAccount account;
    private CollateralSource collateral;
    private UnaryOperator<TdxVerifier.Builder> tdxPolicy = UnaryOperator.identity();
    private Supplier<TdxVerifier.Builder> tdxVerifierBase = TdxVerifier::builder;
    private boolean unattestedProxies;
    private int maxPowDifficulty = MAX_POW_DIFFICULTY;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private int maxCoefficient = 4000;

    private Builder() {}

    public Builder network(CocoonNetwork network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    public Builder account(CocoonAccount account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    public Builder collateral(CollateralSource collateral) {
      this.collateral = Objects.requireNonNull(collateral, "collateral");
      return this;
    }

    /**
     * Adjusts the default TDX policy, e.g. {@code b -> b.acceptTcbStatus(TdxTcbStatus.SW_HARDENING_NEEDED)}.
     * The image allow-list always comes from the root config.
     */
    public Builder tdxPolicy(UnaryOperator<TdxVerifier.Builder> policy) {
      this.tdxPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * For tests only: starts each TDX verifier from {@code base} (e.g.
     * {@link TdxVerifier#builderPinnedToTestRoot}) instead of Intel's pinned root.
     */
    public Builder tdxVerifierBaseForTests(Supplier<TdxVerifier.Builder> base) {
      LOG.warning("Silk: COCOON proxies are attested under a test root, not Intel's");
      this.tdxVerifierBase = Objects.requireNonNull(base, "base");
      return this;
    }

    /**
     * INSECURE: accepts proxies without checking their attestation (COCOON's {@code any}). A
     * proxy's operator could then read every prompt. For a local test proxy only; logged.
     */
    public Builder allowUnattestedProxies() {
      if (dev.silk.crypto.LoudWarnings.shouldLog("cocoon-unattested")) {
        LOG.warning("Silk: INSECURE COCOON proxies allowed without attestation: any operator could read prompts");
      }
      this.unattestedProxies = true;
      return this;
    }

    /** The hardest proof of work to solve, at most {@value #MAX_POW_DIFFICULTY} (COCOON's own bound). */
    public Builder maxPowDifficulty(int difficulty) {
      if (difficulty < 0 || difficulty > MAX_POW_DIFFICULTY) {
        throw new IllegalArgumentException("proof-of-work bound must be 0.." + MAX_POW_DIFFICULTY);
      }
      this.maxPowDifficulty = difficulty;
      return this;
    }

    /** TCP, proof of work, RA-TLS and the session's handshake together (default 30 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder maxCoefficient(int maxCoefficient) {
      if (maxCoefficient < 0) {
        throw new IllegalArgumentException("maxCoefficient must not be negative");
      }
      this.maxCoefficient = maxCoefficient;
      return this;
    }

    public CocoonNative build() {
      if (network == null || account == null) {
        throw new IllegalArgumentException("network(...) and account(...) are required");
      }
      return new CocoonNative(this);
    }
  }
}
