package dev.silk.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.envelope.HpkeSuite;
import org.junit.jupiter.api.Test;

/** What {@link SilkClient.Builder} refuses before any request is made. */
class SilkClientBuilderTest {
  @Test
  void hpkeSuitesMustBeSomeSupportedOnes() {
    SilkClient.Builder builder = SilkClient.builder();
    assertThatThrownBy(builder::hpkeSuites).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hpkeSuites must be some of");
    assertThatThrownBy(() -> builder.hpkeSuites((HpkeSuite) null)).isInstanceOf(IllegalArgumentException.class);
    builder.hpkeSuites(HpkeSuite.XWING_SHA256_AES128GCM); // accepted: requires post-quantum sealing
    builder.hpkeSuites(HpkeSuite.X25519_SHA256_AES128GCM, HpkeSuite.XWING_SHA256_AES128GCM);
  }
}
