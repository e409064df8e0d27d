package dev.silk.crypto;

import java.security.Security;
import java.util.logging.Logger;
import org.conscrypt.Conscrypt;

/**
 * Makes Tink use Conscrypt's native X25519 and AES-GCM when the app has put
 * {@code org.conscrypt:conscrypt-openjdk-uber} on its classpath. Tink looks the provider up by
 * name, so it is added at the lowest priority: the app's other JCA lookups are unaffected.
 * Set the system property {@code silk.crypto.conscrypt=false} to stay pure Java.
 */
public final class CryptoProviders {
  private static final Logger LOG = Logger.getLogger(CryptoProviders.class.getName());
  private static final boolean NATIVE = install();

  private CryptoProviders() {}

  /** Installs Conscrypt once if present and allowed; returns whether a native provider is in use. */
  public static boolean ensureInstalled() {
    return NATIVE;
  }

  /**
   * The native provider to ask by name for primitives the JDK is slow at (ECDSA P-256 for TDX
   * attestation: about 7x faster), or null to use the platform's default.
   */
  public static java.security.Provider nativeProvider() {
    if (!NATIVE) {
      return null;
    }
    java.security.Provider p = Security.getProvider("Conscrypt");
    return p != null ? p : Security.getProvider("AndroidOpenSSL");
  }

  private static boolean install() {
    if (Security.getProvider("AndroidOpenSSL") != null || Security.getProvider("Conscrypt") != null) {
      return true;
    }
    if ("false".equalsIgnoreCase(System.getProperty("silk.crypto.conscrypt"))) {
      return false;
    }
    try {
      if (!Conscrypt.isAvailable()) {
        return false;
      }
      Security.addProvider(Conscrypt.newProvider());
      LOG.fine("Silk crypto: using the Conscrypt provider for HPKE");
      return true;
    } catch (LinkageError absent) {
      // Conscrypt is optional: without it Tink's pure-Java code is used.
      return false;
    }
  }
}
