package dev.silk.crypto;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When Silk's security warnings (an insecure opt-in, a stand-in chain) are logged. They are loud
 * by design: every time the insecure thing is chosen. A test suite chooses it hundreds of times,
 * which buries real warnings, so with the system property {@code silk.warnings=once} (which
 * Silk's own build sets for its tests) each kind is logged once per JVM. Thread-safe.
 *
 * <pre>{@code
 * if (LoudWarnings.shouldLog("dev-attestation")) {
 *   LOG.warning("Silk: INSECURE dev attestation allowed ...");
 * }
 * }</pre>
 */
public final class LoudWarnings {
  /** The system property that makes each kind of warning appear once per JVM. */
  public static final String PROPERTY = "silk.warnings";

  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private LoudWarnings() {}

  /** Whether a warning of {@code kind} should be logged now: always, unless {@link #PROPERTY} is {@code once}. */
  public static boolean shouldLog(String kind) {
    return !"once".equals(System.getProperty(PROPERTY)) || LOGGED.add(kind);
  }
}
