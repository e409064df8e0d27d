package dev.silk.peerbench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The OpenAI Java SDK, default settings, plain chat completions against the node's plain
 * endpoint: the baseline. Arguments: the endpoint's base URL, requests, the prompt.
 */
public final class OpenAiClientRun {
  private OpenAiClientRun() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("unused").build();
    String prompt = args[2];
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("echo").addUserMessage(prompt).build();
    Measure.run(() -> {
      ChatCompletion answer = client.chat().completions().create(params);
      if (!prompt.equals(answer.choices().get(0).message().content().orElse(null))) {
        throw new IllegalStateException("unexpected answer");
      }
    }, Integer.parseInt(args[1]));
    client.close();
  }
}
