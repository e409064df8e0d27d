package dev.silk.core.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation. Immutable and thread-safe. Its {@link #toString()} never shows
 * the content.
 *
 * <pre>{@code
 * ChatMessage.system("Answer briefly.");
 * ChatMessage.user("What is TON?");
 * ChatMessage.tool(call.id(), "{\"temperature\": 21}");
 * }</pre>
 */
public final class ChatMessage {
  private final Role role;
  private final String content;
  private final List<ToolCall> toolCalls;
  private final String toolCallId;

  private ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {
    this.role = role;
    this.content = content;
    this.toolCalls = Collections.unmodifiableList(new ArrayList<>(toolCalls));
    this.toolCallId = toolCallId;
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, Objects.requireNonNull(content, "content"), Collections.emptyList(), null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, Objects.requireNonNull(content, "content"), Collections.emptyList(), null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, Objects.requireNonNull(content, "content"), Collections.emptyList(), null);
  }

  /** An assistant turn that called tools (as returned in a completion), to send back in history. */
  public static ChatMessage assistantToolCalls(List<ToolCall> toolCalls) {
    if (Objects.requireNonNull(toolCalls, "toolCalls").isEmpty()) {
      throw new IllegalArgumentException("at least one tool call");
    }
    return new ChatMessage(Role.ASSISTANT, null, toolCalls, null);
  }

  /** A tool's answer to the call {@code toolCallId}. */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage(Role.TOOL, Objects.requireNonNull(content, "content"), Collections.emptyList(),
        Objects.requireNonNull(toolCallId, "toolCallId"));
  }

  /** Internal: rebuilds a message decoded from JSON. */
  public static ChatMessage of(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {
    return new ChatMessage(Objects.requireNonNull(role, "role"), content, toolCalls, toolCallId);
  }

  public Role role() {
    return role;
  }

  /** The text, or null for an assistant turn that only called tools. */
  public String content() {
    return content;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** For {@link Role#TOOL} messages: the call answered; else null. */
  public String toolCallId() {
    return toolCallId;
  }

  @Override
  public String toString() {
    return "ChatMessage[" + role.wireName() + ", " + (content == null ? 0 : content.length()) + " chars, "
        + toolCalls.size() + " tool calls]";
  }
}
