package dev.silk.crypto.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.CryptoProviders;
import org.junit.jupiter.api.Test;

/**
 * Which HPKE seals in this JVM: Tink's over a native provider, else the JDK's X25519. The module's
 * two test runs (with Conscrypt, and pure Java) each pin one side, so every envelope test runs
 * over both implementations.
 */
class HpkeSelectionTest {
  @Test
  void nativeProviderMeansTinkOtherwiseTheJdksX25519() {
    boolean pureJava = "false".equalsIgnoreCase(System.getProperty("silk.crypto.conscrypt"));
    assertThat(CryptoProviders.ensureInstalled()).isEqualTo(!pureJava);
    assertThat(TinkHpke.JCA).isEqualTo(pureJava);
  }
}
