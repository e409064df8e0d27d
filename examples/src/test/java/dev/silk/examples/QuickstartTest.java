package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's run command runs this program: a local chain, a paying client, a verified answer. */
class QuickstartTest {
  @Test
  void printsAPaidVerifiedAnswerFromALocalNode() throws Exception {
    String out = Stdout.of(() -> Quickstart.main(new String[0]));
    assertThat(out).contains("answer      Hello Silk, is this private?");
    assertThat(out).contains("streamed    Hello Silk, is this private? (receipt verified: ");
    String export = out.substring(out.indexOf("silk-receipt-v1.")).trim();
    Receipt receipt = SignedReceipt.fromExportString(export).receipt();
    assertThat(receipt.completionTokens()).isEqualTo(5);
    assertThat(receipt.costNanoton()).as("the answer was paid").isPositive();
    Matcher paid = Pattern.compile("paid        \\S+ TON \\((\\d+) nanoTON").matcher(out);
    assertThat(paid.find()).isTrue();
    assertThat(Long.parseLong(paid.group(1))).isEqualTo(receipt.costNanoton());
    assertThat(receipt.channel()).hasSize(33);
  }
}
