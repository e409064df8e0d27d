package dev.silk.node.http;

import dev.silk.core.json.ChatJson;
import dev.silk.node.model.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The OpenAI JSON of an answer: a whole completion, or one stream chunk. */
final class AnswerJson {
  private AnswerJson() {}

  static byte[] completion(String id, String model, long created, Answer answer) {
    ChatJson.Completion c = withOneChoice(id, "chat.completion", created, model);
    ChatJson.Choice choice = c.choices.get(0);
    choice.message = new ChatJson.Message();
    choice.message.role = "assistant";
    choice.message.content = answer.content;
    choice.message.toolCalls = answer.toolCalls.isEmpty() ? null : new ArrayList<>(answer.toolCalls);
    choice.finishReason = answer.finishReason;
    c.usage = usage(answer);
    return ChatJson.write(c);
  }

  /** One {@code chat.completion.chunk}: a delta, or (with {@code end}) the tool calls, usage and finish. */
  static String chunk(String id, long created, String model, String delta, Answer end, String finish) {
    ChatJson.Completion c = withOneChoice(id, "chat.completion.chunk", created, model);
    ChatJson.Choice choice = c.choices.get(0);
    choice.delta = new ChatJson.Message();
    choice.delta.content = delta;
    if (end != null) {
      choice.delta.toolCalls = end.toolCalls.isEmpty() ? null : new ArrayList<>(end.toolCalls);
      c.usage = usage(end);
    }
    choice.finishReason = finish;
    return new String(ChatJson.write(c), StandardCharsets.UTF_8);
  }

  private static ChatJson.Completion withOneChoice(String id, String object, long created, String model) {
    ChatJson.Completion c = new ChatJson.Completion();
    c.id = id;
    c.object = object;
    c.created = created;
    c.model = model;
    ChatJson.Choice choice = new ChatJson.Choice();
    choice.index = 0;
    c.choices = new ArrayList<>(List.of(choice));
    return c;
  }

  /** The list {@code GET /v1/models} answers: the one model this node serves. */
  static byte[] models(String modelId) {
    ChatJson.Models list = new ChatJson.Models();
    list.object = "list";
    ChatJson.Model m = new ChatJson.Model();
    m.id = modelId;
    m.object = "model";
    m.ownedBy = "silk-reference-node";
    list.data = Collections.singletonList(m);
    return ChatJson.write(list);
  }

  private static ChatJson.Usage usage(Answer answer) {
    ChatJson.Usage u = new ChatJson.Usage();
    u.promptTokens = answer.promptTokens;
    u.completionTokens = answer.completionTokens;
    u.totalTokens = answer.promptTokens + answer.completionTokens;
    return u;
  }
}
