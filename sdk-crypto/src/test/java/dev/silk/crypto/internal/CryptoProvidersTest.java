package dev.silk.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.CryptoProviders;
import dev.silk.crypto.signature.Ed25519Engine;
import java.security.Security;
import org.junit.jupiter.api.Test;

/**
 * Conscrypt is used when it is on the classpath, unless switched off. Surefire runs the
 * envelope tests twice: with Conscrypt (default execution) and pure Java
 * ({@code silk.crypto.conscrypt=false}, execution "pure-java").
 */
class CryptoProvidersTest {
  @Test
  void conscryptIsRegisteredExactlyWhenAllowed() {
    boolean pureJava = "false".equals(System.getProperty("silk.crypto.conscrypt"));
    assertThat(CryptoProviders.ensureInstalled()).isEqualTo(!pureJava);
    assertThat(Security.getProvider("Conscrypt") != null).isEqualTo(!pureJava);
    if (!pureJava) {
      // Lowest priority: the app's own JCA lookups keep their default providers.
      java.security.Provider[] providers = Security.getProviders();
      assertThat(providers[providers.length - 1].getName()).isEqualTo("Conscrypt");
    }
  }

  @Test
  void ed25519EngineFollowsTheSwitch() {
    boolean tinkOnly = "false".equals(System.getProperty("silk.crypto.bouncycastle"));
    assertThat(Ed25519Engine.get().name()).isEqualTo(tinkOnly ? "tink" : "bouncycastle");
  }
}
