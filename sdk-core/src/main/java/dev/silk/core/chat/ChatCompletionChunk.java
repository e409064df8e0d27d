package dev.silk.core.chat;

/**
 * One streamed piece of an answer (an OpenAI {@code chat.completion.chunk}): a text delta of the
 * first choice, the finish reason, tool calls and usage on the last piece.
 * Chunks are handed out only after they were decrypted and checked in order; the receipt of the
 * whole stream is verified before the stream reports its end. Immutable and thread-safe.
 */
public final class ChatCompletionChunk {
  private final String id;
  private final String model;
  private final String delta;
  private final String finishReason;
  private final Usage usage;
  private final java.util.List<ToolCall> toolCalls;

  public ChatCompletionChunk(String id, String model, String delta, String finishReason, Usage usage,
      java.util.List<ToolCall> toolCalls) {
    this.id = id;
    this.model = model;
    this.delta = delta;
    this.finishReason = finishReason;
    this.usage = usage;
    this.toolCalls = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(toolCalls));
  }

  public String id() {
    return id;
  }

  public String model() {
    return model;
  }

  /** Text added by this piece; empty when it carries none. */
  public String delta() {
    return delta;
  }

  /** Null until the last piece. */
  public String finishReason() {
    return finishReason;
  }

  /** Tool calls the model made, complete (the node merges streamed fragments); usually on the last piece. */
  public java.util.List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Null unless this piece carries the usage. */
  public Usage usage() {
    return usage;
  }

  @Override
  public String toString() {
    return "ChatCompletionChunk[" + id + ", " + delta.length() + " chars, finish=" + finishReason + "]";
  }
}
