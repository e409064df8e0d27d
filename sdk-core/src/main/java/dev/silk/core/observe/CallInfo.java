package dev.silk.core.observe;

import java.util.Objects;

/** What a call is, as far as observing it needs: its kind and the model asked. Immutable. */
public final class CallInfo {
  /** The form of the call. */
  public enum Kind {
    /** A whole chat completion, sync or async. */
    CHAT,
    /** A streamed chat completion. */
    CHAT_STREAM,
    /** A legacy text completion. */
    TEXT
  }

  private final Kind kind;
  private final String model;

  public CallInfo(Kind kind, String model) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.model = Objects.requireNonNull(model, "model");
  }

  public Kind kind() {
    return kind;
  }

  public String model() {
    return model;
  }

  @Override
  public String toString() {
    return "CallInfo[" + kind + ", " + model + "]";
  }
}
