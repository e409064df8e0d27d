package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.receipt.SignedReceipt;
import org.junit.jupiter.api.Test;

/** The sdk-crypto-only example prints the answer and an exportable receipt. */
class CryptoRoundTripTest {
  @Test
  void printsTheAnswerAndAnExportableReceipt() throws Exception {
    String out = Stdout.of(() -> CryptoRoundTrip.main(new String[0]));
    assertThat(out).contains("answer      Silk seals prompts to attested nodes and verifies every answer.");
    assertThat(out).contains("attestation AttestationResult[dev, INSECURE]");
    String export = out.substring(out.indexOf("silk-receipt-v1.")).trim();
    assertThat(SignedReceipt.fromExportString(export).receipt().completionTokens()).isEqualTo(9);
  }
}
