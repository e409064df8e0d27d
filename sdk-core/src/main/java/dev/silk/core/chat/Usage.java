package dev.silk.core.chat;

/** Token usage of one completion, as counted by the node. Immutable and thread-safe. */
public final class Usage {
  private final long promptTokens;
  private final long completionTokens;

  public Usage(long promptTokens, long completionTokens) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long completionTokens() {
    return completionTokens;
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  @Override
  public String toString() {
    return "Usage[prompt=" + promptTokens + ", completion=" + completionTokens + "]";
  }
}
