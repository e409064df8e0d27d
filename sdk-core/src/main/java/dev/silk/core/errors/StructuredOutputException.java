package dev.silk.core.errors;

/**
 * A verified answer that is not the structured value asked for: cut short by the token limit,
 * filtered, only tool calls, or JSON of another shape. The answer itself is still in the
 * {@link dev.silk.core.chat.ChatCompletion}; this message never quotes it. Code {@code "structured_output"}.
 */
public final class StructuredOutputException extends SilkException {
  private static final long serialVersionUID = 1L;

  private final String finishReason;

  public StructuredOutputException(String message, String finishReason) {
    super("structured_output", message, null);
    this.finishReason = finishReason;
  }

  /** The answer's finish reason ({@code "stop"}, {@code "length"} …), or null. */
  public String finishReason() {
    return finishReason;
  }
}
