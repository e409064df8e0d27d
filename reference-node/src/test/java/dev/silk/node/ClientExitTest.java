package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.attestation.AttestationPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A program that streamed and used {@code createAsync} exits as soon as it closes its client: the
 * client releases the OkHttp dispatcher and connections it created (they kept a JVM alive for
 * about a minute). Runs the program in a child JVM against a local node.
 */
class ClientExitTest {
  @Test
  void aProgramExitsPromptlyAfterClose() throws Exception {
    try (LocalNode local = new LocalNode(b -> b)) {
      Process child = new ProcessBuilder(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), Program.class.getName(), local.node.baseUrl()))
          .redirectErrorStream(true).start();
      long closedAt = 0;
      StringBuilder output = new StringBuilder();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          output.append(line).append('\n');
          if (line.equals("closed")) {
            closedAt = System.nanoTime();
            break;
          }
        }
        assertThat(closedAt).as("the program ran:%n%s", output).isPositive();
        // It exits in well under 2 s here; before the fix OkHttp's threads held it about 60 s. The
        // bound leaves a loaded machine room, and still tells the two apart.
        boolean exited = child.waitFor(10, TimeUnit.SECONDS);
        assertThat(exited).as("exited within 10 s of close()").isTrue();
        assertThat(child.exitValue()).isZero();
      } finally {
        child.destroyForcibly();
      }
    }
  }

  /** The user's program: one streamed and one async request, then close, then return from main. */
  public static final class Program {
    public static void main(String[] args) throws Exception {
      SilkClient client = SilkClient.builder().baseUrl(args[0])
          .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build()).build();
      ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user("one two three")).build();
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask)) {
        while (stream.hasNext()) {
          stream.next();
        }
      }
      client.chat().completions().createAsync(ask).get(30, TimeUnit.SECONDS);
      client.close();
      System.out.println("closed");
    }
  }
}
