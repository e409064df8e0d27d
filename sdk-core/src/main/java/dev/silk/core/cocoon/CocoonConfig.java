package dev.silk.core.cocoon;

import dev.silk.core.payment.TonAmount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a client needs of COCOON's root contract (its data and params, as COCOON's
 * {@code RootContractConfig} reads them): the registered proxies' client addresses, the image
 * hashes allowed for proxies and workers, model hashes, prices, and the versions a client must
 * send. Immutable and thread-safe.
 *
 * <pre>{@code
 * TonAmount cost = config.cost(promptTokens, cachedTokens, completionTokens, reasoningTokens);
 * }</pre>
 */
public final class CocoonConfig {
  /** The multipliers' unit: 10000 means 1x (COCOON's default for every kind of token). */
  public static final int MULTIPLIER_ONE = 10_000;

  private final int version;
  private final int paramsVersion;
  private final boolean isTest;
  private final List<String> proxyAddresses;
  private final Set<String> proxyImageHashes;
  private final Set<String> workerImageHashes;
  private final Set<String> modelHashes;
  private final long pricePerToken;
  private final long workerFeePerToken;
  private final int promptMultiplier;
  private final int cachedMultiplier;
  private final int completionMultiplier;
  private final int reasoningMultiplier;
  private final long minClientStake;
  private final int clientDelayBeforeClose;

  private CocoonConfig(Builder b) {
    this.version = b.version;
    this.paramsVersion = b.paramsVersion;
    this.isTest = b.isTest;
    this.proxyAddresses = Collections.unmodifiableList(new ArrayList<>(b.proxyAddresses));
    this.proxyImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.proxyImageHashes));
    this.workerImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.workerImageHashes));
    this.modelHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.modelHashes));
    this.pricePerToken = b.pricePerToken;
    this.workerFeePerToken = b.workerFeePerToken;
    this.promptMultiplier = b.promptMultiplier;
    this.cachedMultiplier = b.cachedMultiplier;
    this.completionMultiplier = b.completionMultiplier;
    this.reasoningMultiplier = b.reasoningMultiplier;
    this.minClientStake = b.minClientStake;
    this.clientDelayBeforeClose = b.clientDelayBeforeClose;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The root contract's version; a client sends it as its {@code min_config_version}. */
  public int version() {
    return version;
  }

  /** The params' version; a client contract made under an older one is closed and remade. */
  public int paramsVersion() {
    return paramsVersion;
  }

  public boolean isTest() {
    return isTest;
  }

  /** The registered proxies' addresses for clients, {@code host:port}, in the contract's order. */
  public List<String> proxyAddresses() {
    return proxyAddresses;
  }

  /** Image hashes (hex) of the proxies the network allows: a proxy's attestation must name one. */
  public Set<String> proxyImageHashes() {
    return proxyImageHashes;
  }

  /** Image hashes (hex) of the workers the network allows (the proxy checks workers). */
  public Set<String> workerImageHashes() {
    return workerImageHashes;
  }

  /** Model hashes (hex) the network lists. */
  public Set<String> modelHashes() {
    return modelHashes;
  }

  /** nanoTON per token, before multipliers. */
  public long pricePerToken() {
    return pricePerToken;
  }

  public long workerFeePerToken() {
    return workerFeePerToken;
  }

  public int promptMultiplier() {
    return promptMultiplier;
  }

  public int cachedMultiplier() {
    return cachedMultiplier;
  }

  public int completionMultiplier() {
    return completionMultiplier;
  }

  public int reasoningMultiplier() {
    return reasoningMultiplier;
  }

  /** The least stake a client contract holds, in nanoTON. */
  public long minClientStake() {
    return minClientStake;
  }

  /** Seconds a client waits for its stake when the proxy does not answer a close. */
  public int clientDelayBeforeClose() {
    return clientDelayBeforeClose;
  }

  /**
   * What these token counts cost at this config's prices: each kind at
   * {@code price_per_token × multiplier / 10000}, rounded up per kind, exactly.
   *
   * @throws ArithmeticException if the cost does not fit in 63 bits (a broken config)
   */
  public TonAmount cost(long promptTokens, long cachedTokens, long completionTokens, long reasoningTokens) {
    long total = Math.addExact(Math.addExact(part(promptTokens, promptMultiplier), part(cachedTokens, cachedMultiplier)),
        Math.addExact(part(completionTokens, completionMultiplier), part(reasoningTokens, reasoningMultiplier)));
    return TonAmount.ofNanoton(total);
  }

  private long part(long tokens, int multiplier) {
    if (tokens < 0) {
      throw new IllegalArgumentException("negative token count");
    }
    long product = Math.multiplyExact(Math.multiplyExact(tokens, pricePerToken), (long) multiplier);
    return product / MULTIPLIER_ONE + (product % MULTIPLIER_ONE == 0 ? 0 : 1);
  }

  @Override
  public String toString() {
    return "CocoonConfig[version " + version + ", params " + paramsVersion + (isTest ? ", TEST" : "") + ", "
        + proxyAddresses.size() + " proxies, " + proxyImageHashes.size() + " proxy images, price " + pricePerToken
        + " nanoTON/token]";
  }

  /** Builds a {@link CocoonConfig}; not thread-safe. */
  public static final class Builder {
    private int version;
    private int paramsVersion;
    private boolean isTest;
    private final List<String> proxyAddresses = new ArrayList<>();
    private final Set<String> proxyImageHashes = new LinkedHashSet<>();
    private final Set<String> workerImageHashes = new LinkedHashSet<>();
    private final Set<String> modelHashes = new LinkedHashSet<>();
    private long pricePerToken;
    private long workerFeePerToken;
    private int promptMultiplier = MULTIPLIER_ONE;
    private int cachedMultiplier = MULTIPLIER_ONE;
    private int completionMultiplier = MULTIPLIER_ONE;
    private int reasoningMultiplier = MULTIPLIER_ONE;
    private long minClientStake;
    private int clientDelayBeforeClose;

    private Builder() {}

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    public Builder paramsVersion(int paramsVersion) {
      this.paramsVersion = paramsVersion;
      return this;
    }

    public Builder isTest(boolean isTest) {
      this.isTest = isTest;
      return this;
    }

    /** A proxy's client address, {@code host:port}. */
    public Builder addProxy(String hostPort) {
      int colon = Objects.requireNonNull(hostPort, "hostPort").lastIndexOf(':');
      if (colon <= 0 || colon == hostPort.length() - 1) {
        throw new IllegalArgumentException("a proxy address is host:port, not " + hostPort);
      }
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range in " + hostPort);
      }
      proxyAddresses.add(hostPort);
      return this;
    }

    public Builder addProxyImageHash(String hex) {
      proxyImageHashes.add(hash(hex));
      return this;
    }

    public Builder addWorkerImageHash(String hex) {
      workerImageHashes.add(hash(hex));
      return this;
    }

    public Builder addModelHash(String hex) {
      modelHashes.add(hash(hex));
      return this;
    }

    public Builder prices(long pricePerToken, long workerFeePerToken) {
      if (pricePerToken < 0 || workerFeePerToken < 0) {
        throw new IllegalArgumentException("prices must not be negative");
      }
      this.pricePerToken = pricePerToken;
      this.workerFeePerToken = workerFeePerToken;
      return this;
    }

    /** Price multipliers per kind of token, in units of 1/10000. */
    public Builder multipliers(int prompt, int cached, int completion, int reasoning) {
      if (prompt < 0 || cached < 0 || completion < 0 || reasoning < 0) {
        throw new IllegalArgumentException("multipliers must not be negative");
      }
      this.promptMultiplier = prompt;
      this.cachedMultiplier = cached;
      this.completionMultiplier = completion;
      this.reasoningMultiplier = reasoning;
      return this;
    }

    public Builder minClientStake(long nanoton) {
      this.minClientStake = nanoton;
      return this;
    }

    public Builder clientDelayBeforeClose(int seconds) {
      this.clientDelayBeforeClose = seconds;
      return this;
    }

    public CocoonConfig build() {
      return new CocoonConfig(this);
    }

    private static String hash(String hex) {
      String h = Objects.requireNonNull(hex, "hex").toLowerCase(Locale.ROOT);
      if (!h.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("a hash is 32 bytes of hex");
      }
      return h;
    }
  }
}
