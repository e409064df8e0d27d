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
  private final List<ContentPart> parts;

  private ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {
    this(role, content, toolCalls, toolCallId, Collections.emptyList());
  }

  private ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId,
      List<ContentPart> parts) {
    this.role = role;
    this.content = content;
    this.toolCalls = Collections.unmodifiableList(new ArrayList<>(toolCalls));
    this.toolCallId = toolCallId;
    this.parts = parts;
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

  /**
   * A user turn of text and images, for vision models (see {@link ContentPart}).
   *
   * <pre>{@code
   * ChatMessage.user(ContentPart.text("Describe this."), ContentPart.imageUrl("https://example.com/cat.png"));
   * }</pre>
   */
  public static ChatMessage user(ContentPart... parts) {
    return user(java.util.Arrays.asList(parts));
  }

  /** As {@link #user(ContentPart...)}. */
  public static ChatMessage user(List<ContentPart> parts) {
    List<ContentPart> copy = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (ContentPart part : Objects.requireNonNull(parts, "parts")) {
      copy.add(Objects.requireNonNull(part, "part"));
      if (part.type() == ContentPart.Type.TEXT) {
        text.append(text.length() == 0 ? "" : "\n").append(part.text());
      }
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one content part");
    }
    return new ChatMessage(Role.USER, text.toString(), Collections.emptyList(), null,
        Collections.unmodifiableList(copy));
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

  /**
   * The text, or null for an assistant turn that only called tools. For a message of
   * {@link #parts()}, its text parts joined by newlines.
   */
  public String content() {
    return content;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** The content parts of a message built from them (text and images); empty for plain text. */
  public List<ContentPart> parts() {
    return parts;
  }

  /** Whether this message holds an image part. */
  public boolean hasImages() {
    for (ContentPart part : parts) {
      if (part.type() == ContentPart.Type.IMAGE_URL) {
        return true;
      }
    }
    return false;
  }

  /** For {@link Role#TOOL} messages: the call answered; else null. */
  public String toolCallId() {
    return toolCallId;
  }

  @Override
  public String toString() {
    return "ChatMessage[" + role.wireName() + ", " + (content == null ? 0 : content.length()) + " chars, "
        + toolCalls.size() + " tool calls" + (parts.isEmpty() ? "" : ", " + parts.size() + " parts") + "]";
  }
}
