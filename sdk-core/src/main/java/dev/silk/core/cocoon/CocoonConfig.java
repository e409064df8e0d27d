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
 * COCOON's root config, as COCOON's {@code RootContractConfig} reads it from the root contract:
 * the registered proxies' client addresses, the image hashes allowed for proxies and workers,
 * model hashes, prices and their multipliers, stakes, delays, the contract codes (bags of cells),
 * and the versions a client must send. sdk-ton reads it from the chain
 * ({@code dev.silk.ton.cocoon.CocoonRoot}); tests build one. Immutable and thread-safe.
 *
 * <p>COCOON prices an answer in <em>adjusted tokens</em>: the proxy multiplies each kind of
 * token by the worker's price coefficient and the kind's multiplier ({@link #adjustTokens}) and
 * reports the sums in the answer's final info; the client contract charges
 * {@code adjusted tokens × price_per_token}.
 *
 * <pre>{@code
 * TonAmount cost = config.cost(finalInfo.totalTokens);
 * }</pre>
 */
public final class CocoonConfig {
  /** The multipliers' unit: 10000 means 1x (COCOON's default for every kind of token). */
  public static final int MULTIPLIER_ONE = 10_000;
  /** The price coefficients' unit: 1000 means 1x. */
  public static final int COEFFICIENT_ONE = 1_000;
  /**
   * The newest params layout Silk reads: 4, mainnet's (COCOON's C++ at b75d444 reads up to 3; 4
   * keeps 3's params fields and adds a third reference to the root's cell).
   */
  public static final int MAX_STRUCT_VERSION = 4;

  private final String rootAddress;
  private final String ownerAddress;
  private final int version;
  private final int structVersion;
  private final int paramsVersion;
  private final int uniqueId;
  private final boolean isTest;
  private final List<String> proxyAddresses;
  private final int lastProxySeqno;
  private final Set<String> proxyImageHashes;
  private final Set<String> workerImageHashes;
  private final Set<String> modelHashes;
  private final long pricePerToken;
  private final long workerFeePerToken;
  private final int promptMultiplier;
  private final int cachedMultiplier;
  private final int completionMultiplier;
  private final int reasoningMultiplier;
  private final int proxyDelayBeforeClose;
  private final int clientDelayBeforeClose;
  private final long minProxyStake;
  private final long minClientStake;
  private final byte[] proxyCode;
  private final byte[] workerCode;
  private final byte[] clientCode;

  private CocoonConfig(Builder b) {
    this.rootAddress = b.rootAddress;
    this.ownerAddress = b.ownerAddress;
    this.version = b.version;
    this.structVersion = b.structVersion;
    this.paramsVersion = b.paramsVersion;
    this.uniqueId = b.uniqueId;
    this.isTest = b.isTest;
    this.proxyAddresses = Collections.unmodifiableList(new ArrayList<>(b.proxyAddresses));
    this.lastProxySeqno = b.lastProxySeqno;
    this.proxyImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.proxyImageHashes));
    this.workerImageHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.workerImageHashes));
    this.modelHashes = Collections.unmodifiableSet(new LinkedHashSet<>(b.modelHashes));
    this.pricePerToken = b.pricePerToken;
    this.workerFeePerToken = b.workerFeePerToken;
    this.promptMultiplier = b.promptMultiplier;
    this.cachedMultiplier = b.cachedMultiplier;
    this.completionMultiplier = b.completionMultiplier;
    this.reasoningMultiplier = b.reasoningMultiplier;
    this.proxyDelayBeforeClose = b.proxyDelayBeforeClose;
    this.clientDelayBeforeClose = b.clientDelayBeforeClose;
    this.minProxyStake = b.minProxyStake;
    this.minClientStake = b.minClientStake;
    this.proxyCode = copy(b.proxyCode);
    this.workerCode = copy(b.workerCode);
    this.clientCode = copy(b.clientCode);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The root contract's address ({@code 0:hex}), or null for a config not read from a chain. */
  public String rootAddress() {
    return rootAddress;
  }

  /** The root contract's owner ({@code 0:hex}), or null. */
  public String ownerAddress() {
    return ownerAddress;
  }

  /** The root contract's version; a client sends it as its {@code min_config_version}. */
  public int version() {
    return version;
  }

  /** The layout of the params cell (0 to {@value #MAX_STRUCT_VERSION}). */
  public int structVersion() {
    return structVersion;
  }

  /** The params' version; a client contract made under an older one is closed and remade. */
  public int paramsVersion() {
    return paramsVersion;
  }

  public int uniqueId() {
    return uniqueId;
  }

  public boolean isTest() {
    return isTest;
  }

  /** The registered proxies' addresses for clients, {@code host:port}, in the contract's order. */
  public List<String> proxyAddresses() {
    return proxyAddresses;
  }

  public int lastProxySeqno() {
    return lastProxySeqno;
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

  /** nanoTON per adjusted token. */
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

  public int proxyDelayBeforeClose() {
    return proxyDelayBeforeClose;
  }

  /** Seconds a client waits for its stake when the proxy does not answer a close. */
  public int clientDelayBeforeClose() {
    return clientDelayBeforeClose;
  }

  public long minProxyStake() {
    return minProxyStake;
  }

  /** The stake a new client contract holds, in nanoTON. */
  public long minClientStake() {
    return minClientStake;
  }

  /** The proxy contract's code (a bag of cells), or null when the root does not publish it. */
  public byte[] proxyCode() {
    return copy(proxyCode);
  }

  public byte[] workerCode() {
    return copy(workerCode);
  }

  /** The client contract's code (a bag of cells), or null when the root does not publish it. */
  public byte[] clientCode() {
    return copy(clientCode);
  }

  /** What {@code adjustedTokens} cost: {@code adjustedTokens × price_per_token}, exactly. */
  public TonAmount cost(long adjustedTokens) {
    if (adjustedTokens < 0) {
      throw new IllegalArgumentException("negative token count");
    }
    return TonAmount.ofNanoton(Math.multiplyExact(adjustedTokens, pricePerToken));
  }

  /**
   * The most a request can cost before it is sent, as COCOON's proxy reserves it: every byte of
   * the query and every allowed completion token at {@code maxCoefficient} and the highest
   * multiplier.
   */
  public TonAmount maxCost(long queryBytes, long maxTokens, int maxCoefficient) {
    int multiplier = Math.max(Math.max(promptMultiplier, cachedMultiplier),
        Math.max(completionMultiplier, reasoningMultiplier));
    return cost(Math.addExact(adjustTokens(Math.addExact(queryBytes, maxTokens), maxCoefficient, multiplier), 1));
  }

  /**
   * COCOON's {@code adjust_tokens} ({@code runners/helpers/Ton.h}): tokens × coefficient/1000 ×
   * multiplier/10000, in the same double arithmetic, truncated.
   */
  public static long adjustTokens(long tokens, long coefficient, int multiplier) {
    return (long) ((double) tokens * ((double) coefficient * 0.001) * (double) multiplier * 0.0001);
  }

  @Override
  public String toString() {
    return "CocoonConfig[version " + version + ", params " + paramsVersion + (isTest ? ", TEST" : "") + ", "
        + proxyAddresses.size() + " proxies, " + proxyImageHashes.size() + " proxy images, price " + pricePerToken
        + " nanoTON/token]";
  }

  private static byte[] copy(byte[] b) {
    return b == null ? null : b.clone();
  }

  /** Builds a {@link CocoonConfig}; not thread-safe. */
  public static final class Builder {
    private String rootAddress;
    private String ownerAddress;
    private int version;
    private int structVersion = MAX_STRUCT_VERSION;
    private int paramsVersion;
    private int uniqueId;
    private boolean isTest;
    private final List<String> proxyAddresses = new ArrayList<>();
    private int lastProxySeqno;
    private final Set<String> proxyImageHashes = new LinkedHashSet<>();
    private final Set<String> workerImageHashes = new LinkedHashSet<>();
    private final Set<String> modelHashes = new LinkedHashSet<>();
    private long pricePerToken;
    private long workerFeePerToken;
    private int promptMultiplier = MULTIPLIER_ONE;
    private int cachedMultiplier = MULTIPLIER_ONE;
    private int completionMultiplier = MULTIPLIER_ONE;
    private int reasoningMultiplier = MULTIPLIER_ONE;
    private int proxyDelayBeforeClose;
    private int clientDelayBeforeClose;
    private long minProxyStake;
    private long minClientStake;
    private byte[] proxyCode;
    private byte[] workerCode;
    private byte[] clientCode;

    private Builder() {}

    /** The root contract's address and its owner, both {@code workchain:hex}. */
    public Builder root(String rootAddress, String ownerAddress) {
      this.rootAddress = Objects.requireNonNull(rootAddress, "rootAddress");
      this.ownerAddress = Objects.requireNonNull(ownerAddress, "ownerAddress");
      return this;
    }

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /** The params layout, 0 to {@value #MAX_STRUCT_VERSION}. */
    public Builder structVersion(int structVersion) {
      if (structVersion < 0 || structVersion > MAX_STRUCT_VERSION) {
        throw new IllegalArgumentException("params struct version " + structVersion + " is not one COCOON reads");
      }
      this.structVersion = structVersion;
      return this;
    }

    public Builder paramsVersion(int paramsVersion) {
      this.paramsVersion = paramsVersion;
      return this;
    }

    public Builder uniqueId(int uniqueId) {
      this.uniqueId = uniqueId;
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
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a proxy address is host:port, not " + hostPort);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range in " + hostPort);
      }
      proxyAddresses.add(hostPort);
      return this;
    }

    public Builder lastProxySeqno(int seqno) {
      this.lastProxySeqno = seqno;
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

    public Builder delaysBeforeClose(int proxySeconds, int clientSeconds) {
      this.proxyDelayBeforeClose = proxySeconds;
      this.clientDelayBeforeClose = clientSeconds;
      return this;
    }

    public Builder stakes(long minProxyStake, long minClientStake) {
      if (minProxyStake < 0 || minClientStake < 0) {
        throw new IllegalArgumentException("stakes must not be negative");
      }
      this.minProxyStake = minProxyStake;
      this.minClientStake = minClientStake;
      return this;
    }

    /** The contracts' codes, each a bag of cells or null. */
    public Builder codes(byte[] proxyCode, byte[] workerCode, byte[] clientCode) {
      this.proxyCode = copy(proxyCode);
      this.workerCode = copy(workerCode);
      this.clientCode = copy(clientCode);
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
