package dev.silk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.json.ChatJson;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI wire format: what the client sends, and tolerance for fields it does not know. */
class MappingTest {
  @Test
  void requestCarriesEveryOptionInOpenAiNames() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("m")
        .addMessage(ChatMessage.system("s")).addMessage(ChatMessage.user("u"))
        .temperature(0.5).maxTokens(7).addStop("END").jsonObjectResponse(true).toolChoice("auto")
        .addTool(Tool.function("f", "d", Collections.singletonMap("type", (Object) "object"))).build();
    String json = new String(ChatJson.write(Mapping.toWire(params, true)), StandardCharsets.UTF_8);
    assertThat(json).contains("\"model\":\"m\"", "\"role\":\"system\"", "\"temperature\":0.5", "\"max_tokens\":7",
        "\"stop\":[\"END\"]", "\"response_format\":{\"type\":\"json_object\"}", "\"tool_choice\":\"auto\"",
        "\"name\":\"f\"", "\"type\":\"function\"", "\"stream\":true");
    assertThat(json).doesNotContain("null").doesNotContain("stream_options");
  }

  @Test
  void unknownAnswerFieldsAreTolerated() throws Exception {
    ChatJson.Completion c = ChatJson.readCompletion("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":5,"
        + "\"model\":\"m\",\"system_fingerprint\":\"fp\",\"service_tier\":\"default\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"refusal\":null,\"annotations\":[]},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,"
        + "\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":0}}}");
    ChatCompletion completion = Mapping.completion(c, dev.silk.core.Verification.cocoonRunner(dev.silk.core.payment.TonAmount.ZERO));
    assertThat(completion.content()).isEqualTo("hi");
    assertThat(completion.usage().totalTokens()).isEqualTo(3);

    List<ChatCompletionChunk> chunks = Mapping.chunks("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\","
        + "\"future_field\":1}}]}\n{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1},\"extra\":{}}\n");
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).delta()).isEqualTo("a");
    assertThat(chunks.get(1).finishReason()).isEqualTo("stop");
    assertThat(chunks.get(1).usage().completionTokens()).isEqualTo(1);
  }
}
