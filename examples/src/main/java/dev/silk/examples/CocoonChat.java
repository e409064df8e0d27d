package dev.silk.examples;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.models.Model;
import java.util.List;

/**
 * Asks Telegram's COCOON network through a COCOON client runner that runs beside this program,
 * with the same chat API as a Silk node. Prints the answer, its cost in TON and its
 * verification level: COCOON signs no receipt, so the answer is "transport-attested by the
 * COCOON runner", never Silk-verified.
 *
 * <p>Run (with a runner listening): {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dsilk.example=dev.silk.examples.CocoonChat -Dexec.args="http://127.0.0.1:10000 Qwen/Qwen3-32B"}.
 * Both arguments are optional: the runner URL defaults to {@link SilkClient#DEFAULT_COCOON_RUNNER}
 * and the model to the first one the runner lists.
 */
public final class CocoonChat {
  private CocoonChat() {}

  public static void main(String[] args) {
    String runner = args.length > 0 ? args[0] : SilkClient.DEFAULT_COCOON_RUNNER;
    try (SilkClient client = SilkClient.builder().cocoonRunner(runner).build()) {
      String model = args.length > 1 ? args[1] : firstModel(client.models().list());
      ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model(model)
          .addMessage(ChatMessage.user("In one sentence: what is a payment channel?"))
          .maxTokens(200)
          .build());
      System.out.println("runner       " + runner);
      System.out.println("model        " + answer.model());
      System.out.println("answer       " + answer.content());
      System.out.println("cost         " + answer.cost() + " (" + answer.cost().nanoton() + " nanoTON)");
      System.out.println("verification " + answer.verification().level().description());
    }
  }

  private static String firstModel(List<Model> models) {
    if (models.isEmpty()) {
      throw new IllegalStateException("the runner lists no models");
    }
    return models.get(0).id();
  }
}
