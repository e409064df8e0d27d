package dev.silk.examples;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import dev.silk.testing.SilkTestNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tool calling, OpenAI style: offer a function, run the call the model asks for in your own code,
 * send the result back, get the final answer. Both turns are sealed and receipted. The echo model
 * (a test double) always calls the first tool offered with the user's text, then answers
 * "Tool result: ...". Run:
 * {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.ToolCalling}
 */
public final class ToolCalling {
  private ToolCalling() {}

  public static void main(String[] args) throws Exception {
    try (SilkTestNode node = SilkTestNode.builder().build()) {
      SilkClient client = node.client();
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("type", "object");
      parameters.put("properties", Collections.singletonMap("input",
          Collections.singletonMap("type", "string")));
      Tool weather = Tool.function("get_weather", "Current weather for a city", parameters);
      ChatMessage question = ChatMessage.user("Dubai");

      ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
          .addMessage(question).addTool(weather).build());
      ToolCall call = first.choices().get(0).message().toolCalls().get(0);
      System.out.println("tool call   " + call.name() + " " + call.arguments());

      String result = runTool(call); // your code, on your side of the encryption
      ChatCompletion last = client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
          .addMessage(question)
          .addMessage(ChatMessage.assistantToolCalls(first.choices().get(0).message().toolCalls()))
          .addMessage(ChatMessage.tool(call.id(), result))
          .addTool(weather).build());
      System.out.println("answer      " + last.content());
      System.out.println("receipts    2 verified, paid " + first.cost().plus(last.cost()));
    }
  }

  private static String runTool(ToolCall call) {
    return "get_weather".equals(call.name()) ? "sunny, 31 °C" : "unknown tool";
  }
}
