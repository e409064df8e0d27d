package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.receipt.SignedReceipt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's run command runs this program: a local node and a verified chat. */
class QuickstartTest {
  @Test
  void printsAVerifiedAnswerFromALocalNode() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, "UTF-8"));
    try {
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8.name());
    assertThat(out).contains("answer      Hello Silk, is this private?");
    assertThat(out).contains("streamed    Hello Silk, is this private? (receipt verified: ");
    String export = out.substring(out.indexOf("silk-receipt-v1.")).trim();
    assertThat(SignedReceipt.fromExportString(export).receipt().completionTokens()).isEqualTo(5);
  }
}
