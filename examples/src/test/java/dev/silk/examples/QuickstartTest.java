package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.receipt.SignedReceipt;
import org.junit.jupiter.api.Test;

/** The README's run command runs this program: a local node and a verified chat. */
class QuickstartTest {
  @Test
  void printsAVerifiedAnswerFromALocalNode() throws Exception {
    String out = Stdout.of(() -> Quickstart.main(new String[0]));
    assertThat(out).contains("answer      Hello Silk, is this private?");
    assertThat(out).contains("streamed    Hello Silk, is this private? (receipt verified: ");
    String export = out.substring(out.indexOf("silk-receipt-v1.")).trim();
    assertThat(SignedReceipt.fromExportString(export).receipt().completionTokens()).isEqualTo(5);
  }
}
