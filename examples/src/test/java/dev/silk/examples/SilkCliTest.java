package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.examples.cli.SilkCli;
import dev.silk.testing.SilkTestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code silk} command: chat, stream, descriptor and verify-receipt, with their exit codes. */
class SilkCliTest {
  @TempDir
  Path dir;

  @Test
  void chatAndStreamAgainstALocalNodePrintTheAnswerAndAReceipt() throws Exception {
    int[] code = new int[1];
    String chat = Stdout.of(() -> code[0] = SilkCli.run("chat", "--local", "hello", "from", "a", "terminal"));
    assertThat(code[0]).isZero();
    assertThat(chat).startsWith("hello from a terminal\n").contains("-- verified receipt from node ", "silk-receipt-v1.");

    String stream = Stdout.of(() -> code[0] = SilkCli.run("stream", "--local", "streamed", "words"));
    assertThat(code[0]).isZero();
    assertThat(stream).startsWith("streamed words\n").contains("-- verified receipt, paid ");
  }

  @Test
  void chatAndStreamThroughSilksNativeCocoonClient() throws Exception {
    int[] code = new int[1];
    String chat = Stdout.of(() -> code[0] = SilkCli.run("chat", "--cocoon", "hello", "cocoon"));
    assertThat(code[0]).isZero();
    assertThat(chat).startsWith("hello cocoon\n").contains("COCOON", "nanoTON at the root config's prices",
        "before the proxy's charge", "after it is committed");

    String stream = Stdout.of(() -> code[0] = SilkCli.run("stream", "--cocoon", "streamed", "through", "cocoon"));
    assertThat(code[0]).isZero();
    assertThat(stream).startsWith("streamed through cocoon\n").contains("after it is committed");
  }

  @Test
  void descriptorAndVerifyReceiptCheckAgainstTheNode() throws Exception {
    try (SilkTestNode node = SilkTestNode.builder().build()) {
      String receipt = node.client().chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user("keep this receipt")).build()).receipt().toExportString();
      Path file = dir.resolve("receipt.txt");
      Files.write(file, receipt.getBytes(StandardCharsets.UTF_8));
      int[] code = new int[1];

      String descriptor = Stdout.of(() -> code[0] = SilkCli.run("descriptor", "--node", node.baseUrl(),
          "--allow-insecure-dev-attestation"));
      assertThat(code[0]).isZero();
      assertThat(descriptor).contains("node id      " + node.node().descriptor().nodeId().toHex(), "payment      ton-channel",
          "operator     " + node.node().descriptor().descriptor().operator().get().operatorId().toHex());

      String valid = Stdout.of(() -> code[0] = SilkCli.run("verify-receipt", "--node", node.baseUrl(),
          "--allow-insecure-dev-attestation", file.toString()));
      assertThat(code[0]).isZero();
      assertThat(valid).contains("VALID", "model echo", "the node's current one");

      // The same receipt with a different cost claimed: the signature no longer covers it.
      char[] text = receipt.toCharArray();
      int at = text.length - 10;
      text[at] = text[at] == 'A' ? 'B' : 'A';
      Files.write(file, new String(text).getBytes(StandardCharsets.UTF_8));
      String refused = Stdout.of(() -> code[0] = SilkCli.run("verify-receipt", "--node", node.baseUrl(),
          "--allow-insecure-dev-attestation", file.toString()));
      assertThat(code[0]).isEqualTo(1);
      assertThat(refused).contains("REFUSED");

      // Without the dev opt-in the node's descriptor is refused: a typed failure, exit code 1.
      assertThat(SilkCli.run("descriptor", "--node", node.baseUrl())).isEqualTo(1);
    }
  }

  @Test
  void failuresNameTheCliFlagAndTheHost() throws Exception {
    try (SilkTestNode node = SilkTestNode.builder().build()) {
      int[] code = new int[1];
      String refused = Stderr.of(() -> code[0] = SilkCli.run("descriptor", "--node", node.baseUrl()));
      assertThat(code[0]).isEqualTo(1);
      assertThat(refused).contains("attestation_rejected", "--allow-insecure-dev-attestation")
          .doesNotContain("()");
    }
    int[] code = new int[1];
    String unknown = Stderr.of(() -> code[0] = SilkCli.run("chat", "--node", "http://no-such-host.invalid:8080",
        "--allow-insecure-dev-attestation", "hello"));
    assertThat(code[0]).isEqualTo(1);
    assertThat(unknown).contains("no-such-host.invalid");
  }
}
