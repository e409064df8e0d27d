package dev.silk.core.internal;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Role;
import dev.silk.core.chat.ToolCall;
import dev.silk.core.chat.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Folds a stream's chunks into one completion, as the callback form returns it. Not thread-safe. */
final class StreamAccumulator {
  private final StringBuilder content = new StringBuilder();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private String id;
  private String model;
  private String finishReason;
  private Usage usage;

  void add(ChatCompletionChunk chunk) {
    if (id == null) {
      id = chunk.id();
      model = chunk.model();
    }
    content.append(chunk.delta());
    toolCalls.addAll(chunk.toolCalls());
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
  }

  ChatCompletion completion(Verification verification) {
    String text = content.length() == 0 && !toolCalls.isEmpty() ? null : content.toString();
    ChatMessage message = ChatMessage.of(Role.ASSISTANT, text, toolCalls, null);
    return new ChatCompletion(id, model, 0, Collections.singletonList(new ChatCompletion.Choice(0, message,
        finishReason)), usage != null ? usage : new Usage(0, 0), verification);
  }
}
