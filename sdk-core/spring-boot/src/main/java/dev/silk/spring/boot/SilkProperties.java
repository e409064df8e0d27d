package dev.silk.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code silk.*} properties: where the client sends requests, which nodes it trusts, what it
 * may spend. They mean what the {@code SILK_*} environment variables of
 * {@code SilkClient.fromEnv()} mean, and are read by the same code.
 *
 * <pre>
 * silk.base-url=https://node.example:8443
 * silk.attestation.tdx-image-hashes=5f1c...,a07e...
 * silk.budget.max-per-request-ton=0.05
 * silk.budget.max-total-spend-ton=10
 * </pre>
 *
 * Mutable, as Spring binds it; not thread-safe until bound.
 */
@ConfigurationProperties("silk")
public class SilkProperties {
  /** A Silk node's base URL (one node). */
  private String baseUrl;
  /** A COCOON client runner's URL instead of a Silk node (its answers carry no Silk receipt). */
  private String cocoonRunnerUrl;
  /** Request timeout of one attempt. */
  private Duration timeout;
  /** Retries after the first attempt. */
  private Integer maxRetries;
  private final Registry registry = new Registry();
  private final Attestation attestation = new Attestation();
  private final Budget budget = new Budget();
  private final Observations observations = new Observations();

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getCocoonRunnerUrl() {
    return cocoonRunnerUrl;
  }

  public void setCocoonRunnerUrl(String cocoonRunnerUrl) {
    this.cocoonRunnerUrl = cocoonRunnerUrl;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Registry getRegistry() {
    return registry;
  }

  public Attestation getAttestation() {
    return attestation;
  }

  public Budget getBudget() {
    return budget;
  }

  public Observations getObservations() {
    return observations;
  }

  /** Discovery through a signed registry, instead of one node. */
  public static class Registry {
    /** The registry's URL. */
    private String url;
    /** The registry's Ed25519 signing key, hex. */
    private String key;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }
  }

  /** Which nodes the client trusts. An AttestationPolicy bean, if there is one, replaces these. */
  public static class Attestation {
    /** TDX image hashes (32-byte hex) the client accepts; none means every TDX node is refused. */
    private List<String> tdxImageHashes = new ArrayList<>();
    /** Accepts dev attestation, which proves nothing: a local reference node only. Logged loudly. */
    private boolean allowInsecureDevAttestation;

    public List<String> getTdxImageHashes() {
      return tdxImageHashes;
    }

    public void setTdxImageHashes(List<String> tdxImageHashes) {
      this.tdxImageHashes = tdxImageHashes;
    }

    public boolean isAllowInsecureDevAttestation() {
      return allowInsecureDevAttestation;
    }

    public void setAllowInsecureDevAttestation(boolean allowInsecureDevAttestation) {
      this.allowInsecureDevAttestation = allowInsecureDevAttestation;
    }
  }

  /** Spending caps, in TON (decimal, such as {@code 0.05}). */
  public static class Budget {
    /** The most one request may cost. */
    private String maxPerRequestTon;
    /** The most this client may spend in all. */
    private String maxTotalSpendTon;

    public String getMaxPerRequestTon() {
      return maxPerRequestTon;
    }

    public void setMaxPerRequestTon(String maxPerRequestTon) {
      this.maxPerRequestTon = maxPerRequestTon;
    }

    public String getMaxTotalSpendTon() {
      return maxTotalSpendTon;
    }

    public void setMaxTotalSpendTon(String maxTotalSpendTon) {
      this.maxTotalSpendTon = maxTotalSpendTon;
    }
  }

  /** Micrometer observations of the client's calls. */
  public static class Observations {
    /** Whether calls are observed when an ObservationRegistry is present. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
