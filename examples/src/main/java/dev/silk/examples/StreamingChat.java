package dev.silk.examples;

import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.stream.StreamResponse;
import dev.silk.testing.SilkTestNode;

/**
 * Streaming: tokens arrive as they are generated, each chunk decrypted and chained; the stream
 * ends with the receipt, verified before {@code hasNext()} says there is no more. A local paid node
 * (the testing kit) answers. Run:
 * {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.StreamingChat}
 */
public final class StreamingChat {
  private StreamingChat() {}

  public static void main(String[] args) throws Exception {
    try (SilkTestNode node = SilkTestNode.builder().echoDelay(java.time.Duration.ofMillis(40)).build()) {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user("Tokens arrive one by one, sealed all the way")).maxTokens(64).build();
      System.out.print("streaming   ");
      try (StreamResponse<ChatCompletionChunk> stream = node.client().chat().completions().createStreaming(params)) {
        while (stream.hasNext()) {
          System.out.print(stream.next().delta());
          System.out.flush();
        }
        System.out.println();
        System.out.println("receipt     " + stream.receipt().receipt().requestId().toHex() + " verified, paid "
            + stream.cost());
      }
    }
  }
}
