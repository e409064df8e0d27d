package dev.silk.examples;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.payment.TonAmount;
import dev.silk.testing.SilkTestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Async: several requests in flight at once as {@code CompletableFuture}s (each verified before
 * it completes), and one cancelled, which cancels its HTTP call. A local paid node (the testing
 * kit) answers. Run:
 * {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.AsyncChat}
 */
public final class AsyncChat {
  private AsyncChat() {}

  public static void main(String[] args) throws Exception {
    try (SilkTestNode node = SilkTestNode.builder().echoDelay(Duration.ofMillis(5)).build()) {
      SilkClient client = node.client();
      List<CompletableFuture<ChatCompletion>> answers = new ArrayList<>();
      for (String question : new String[] {"first question", "second question", "third question"}) {
        answers.add(client.chat().completions().createAsync(ChatCompletionCreateParams.builder().model("echo")
            .addMessage(ChatMessage.user(question)).maxTokens(16).build()));
      }
      CompletableFuture<ChatCompletion> abandoned = client.chat().completions().createAsync(
          ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user("never mind")).build());
      abandoned.cancel(true);

      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).join();
      TonAmount total = TonAmount.ZERO;
      for (CompletableFuture<ChatCompletion> f : answers) {
        ChatCompletion answer = f.join();
        total = total.plus(answer.cost());
        System.out.println("answer      " + answer.content() + " (paid " + answer.cost() + ")");
      }
      try {
        abandoned.join();
      } catch (CancellationException expected) {
        System.out.println("cancelled   the fourth request (its HTTP call was cancelled too)");
      }
      System.out.println("total       " + total);
    }
  }
}
