package dev.silk.node.model;

import dev.silk.core.json.ChatJson;
import java.util.Collections;
import java.util.List;

/** A backend's complete answer: text or tool calls, why it ended, and token counts. Immutable. */
public final class Answer {
  public final String content;
  public final List<ChatJson.ToolCall> toolCalls;
  public final String finishReason;
  public final long promptTokens;
  public final long completionTokens;

  public Answer(String content, List<ChatJson.ToolCall> toolCalls, String finishReason, long promptTokens,
      long completionTokens) {
    this.content = content;
    this.toolCalls = toolCalls == null ? Collections.emptyList() : Collections.unmodifiableList(toolCalls);
    this.finishReason = finishReason;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
  }
}
