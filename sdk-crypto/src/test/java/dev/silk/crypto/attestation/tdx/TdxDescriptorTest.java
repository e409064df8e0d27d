package dev.silk.crypto.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.testing.TestNode;
import org.junit.jupiter.api.Test;

/** TDX evidence inside a descriptor: the default policy uses the tdx verifier. */
class TdxDescriptorTest {
  private static SignedDescriptor withRealQuote(TestNode node) throws Exception {
    return SignedDescriptor.sign(node.builder()
        .attestation(AttestationEvidence.of("tdx", TdxVerifierTest.quote(), new byte[0])).build(), node.signingKey);
  }

  @Test
  void defaultPolicyChecksTdxAndRefusesUnlistedMeasurements() throws Exception {
    SignedDescriptor d = withRealQuote(new TestNode());
    // The quote is genuine but was not made for this descriptor's keys: the binding fails
    // before the allow-list is consulted.
    assertThatThrownBy(() -> d.verify(AttestationPolicy.defaults(), TdxVerifierTest.AT))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ATTESTATION_INVALID);
          assertThat(e.getMessage()).contains("report data does not bind");
        });
  }

  @Test
  void defaultPolicyStillRefusesDev() {
    assertThat(AttestationPolicy.defaults().allowsInsecureDevAttestation()).isFalse();
    assertThat(AttestationPolicy.defaults().toString()).contains("tdx");
  }
}
