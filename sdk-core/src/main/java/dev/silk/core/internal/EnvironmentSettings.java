package dev.silk.core.internal;

import dev.silk.core.SilkClient;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.encoding.Hex;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A client's settings from {@code SILK_*} environment variables, for
 * {@link SilkClient.Builder#fromEnv()}. Only values that are text: objects (a payment provider,
 * a custom verifier) are given in code.
 */
public final class EnvironmentSettings {
  public static final String BASE_URL = "SILK_BASE_URL";
  public static final String REGISTRY_URL = "SILK_REGISTRY_URL";
  public static final String REGISTRY_KEY = "SILK_REGISTRY_KEY";
  public static final String COCOON_RUNNER_URL = "SILK_COCOON_RUNNER_URL";
  public static final String TDX_IMAGE_HASHES = "SILK_TDX_IMAGE_HASHES";
  public static final String ALLOW_INSECURE_DEV_ATTESTATION = "SILK_ALLOW_INSECURE_DEV_ATTESTATION";
  public static final String MAX_PER_REQUEST_TON = "SILK_MAX_PER_REQUEST_TON";
  public static final String MAX_TOTAL_SPEND_TON = "SILK_MAX_TOTAL_SPEND_TON";
  public static final String TIMEOUT_SECONDS = "SILK_TIMEOUT_SECONDS";
  public static final String MAX_RETRIES = "SILK_MAX_RETRIES";
  /** Every variable read, so that a misspelt one is reported rather than silently ignored. */
  public static final List<String> ALL = Arrays.asList(BASE_URL, REGISTRY_URL, REGISTRY_KEY, COCOON_RUNNER_URL,
      TDX_IMAGE_HASHES, ALLOW_INSECURE_DEV_ATTESTATION, MAX_PER_REQUEST_TON, MAX_TOTAL_SPEND_TON, TIMEOUT_SECONDS,
      MAX_RETRIES);
  /** Variables of Silk's build and tools, not of a client. */
  private static final List<String> OTHERS = Arrays.asList("SILK_CI", "SILK_HOME");
  private static final Logger LOG = Logger.getLogger(EnvironmentSettings.class.getName());

  private EnvironmentSettings() {}

  /**
   * Applies the variables of {@code env} to {@code b}.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid, or when a
   *     registry URL comes without its key
   */
  public static SilkClient.Builder apply(SilkClient.Builder b, Map<String, String> env) {
    for (String name : env.keySet()) {
      if (name.startsWith("SILK_") && !ALL.contains(name) && !OTHERS.contains(name)) {
        LOG.warning("Silk: ignoring the unknown environment variable " + name + " (known: " + ALL + ")");
      }
    }
    String baseUrl = value(env, BASE_URL);
    if (baseUrl != null) {
      b.baseUrl(baseUrl);
    }
    String registry = value(env, REGISTRY_URL);
    if (registry != null) {
      String key = value(env, REGISTRY_KEY);
      if (key == null) {
        throw new IllegalArgumentException(REGISTRY_URL + " needs " + REGISTRY_KEY + " (the registry's signing key, hex)");
      }
      b.discovery(NodeSource.registry(registry, key));
    }
    String runner = value(env, COCOON_RUNNER_URL);
    if (runner != null) {
      b.cocoonRunner(runner);
    }
    b.attestationPolicy(policy(env));
    SpendingCaps.Builder caps = SpendingCaps.builder();
    boolean capped = false;
    String perRequest = value(env, MAX_PER_REQUEST_TON);
    if (perRequest != null) {
      caps.maxPerRequest(ton(perRequest, MAX_PER_REQUEST_TON));
      capped = true;
    }
    String total = value(env, MAX_TOTAL_SPEND_TON);
    if (total != null) {
      caps.maxTotalSpend(ton(total, MAX_TOTAL_SPEND_TON));
      capped = true;
    }
    if (capped) {
      b.budget(Budget.of(caps.build()));
    }
    String timeout = value(env, TIMEOUT_SECONDS);
    if (timeout != null) {
      b.timeout(Duration.ofSeconds(number(timeout, TIMEOUT_SECONDS)));
    }
    String retries = value(env, MAX_RETRIES);
    if (retries != null) {
      b.maxRetries((int) number(retries, MAX_RETRIES));
    }
    return b;
  }

  private static AttestationPolicy policy(Map<String, String> env) {
    AttestationPolicy.Builder policy = AttestationPolicy.builder();
    String hashes = value(env, TDX_IMAGE_HASHES);
    TdxVerifier.Builder tdx = TdxVerifier.builder();
    if (hashes != null) {
      for (String hash : hashes.split(",")) {
        try {
          tdx.allowImageHash(Hex.decode(hash.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(TDX_IMAGE_HASHES + " holds comma-separated 32-byte hex image hashes");
        }
      }
    }
    policy.addVerifier(tdx.build());
    String dev = value(env, ALLOW_INSECURE_DEV_ATTESTATION);
    if (dev != null) {
      if (!"true".equals(dev) && !"false".equals(dev)) {
        throw new IllegalArgumentException(ALLOW_INSECURE_DEV_ATTESTATION + " is true or false");
      }
      if ("true".equals(dev)) {
        policy.allowInsecureDevAttestation();
      }
    }
    return policy.build();
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.trim().isEmpty() ? null : v.trim();
  }

  private static TonAmount ton(String value, String name) {
    try {
      return TonAmount.ofTon(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is an amount of TON such as 0.5");
    }
  }

  private static long number(String value, String name) {
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is a whole number");
    }
  }
}
