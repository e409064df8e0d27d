package dev.silk.examples;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.node.NodeConfig;
import dev.silk.node.SilkNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a local reference node on a free loopback port, then asks it a question through
 * {@link SilkClient}: the prompt is sealed to the node's key, and the answer is returned only
 * after its signed receipt verified. Prints the answer, a streamed answer and the receipt.
 *
 * <p>Run: {@code ./mvnw -q -pl examples -am compile exec:java}
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Files.createTempDirectory("silk-quickstart");
    try (SilkNode node = SilkNode.start(NodeConfig.builder().dataDir(dataDir).port(0).build());
        SilkClient client = SilkClient.builder()
            .baseUrl(node.baseUrl())
            // The local node proves nothing with "dev" attestation: accept it by name, for local use only.
            .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build())
            .build()) {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
          .model("echo")
          .addMessage(ChatMessage.user("Hello Silk, is this private?"))
          .build();

      ChatCompletion answer = client.chat().completions().create(params);
      System.out.println("node        " + node.descriptor().nodeId().toHex() + " at " + node.baseUrl());
      System.out.println("attestation " + answer.attestation());
      System.out.println("answer      " + answer.content());
      System.out.println("usage       " + answer.usage());
      System.out.println("receipt     " + answer.receipt().receipt());

      StringBuilder streamed = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
        while (stream.hasNext()) {
          streamed.append(stream.next().delta());
        }
        System.out.println("streamed    " + streamed + " (receipt verified: "
            + stream.receipt().receipt().requestId().toHex() + ")");
      }
      System.out.println("export      " + answer.receipt().toExportString());
    }
  }
}
