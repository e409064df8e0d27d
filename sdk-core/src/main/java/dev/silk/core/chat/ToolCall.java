package dev.silk.core.chat;

import java.util.Objects;

/**
 * A function call requested by the model: its id (quote it in the tool's answer), the function
 * name and its arguments as a JSON text. Immutable and thread-safe.
 */
public final class ToolCall {
  private final String id;
  private final String name;
  private final String arguments;

  private ToolCall(String id, String name, String arguments) {
    this.id = id;
    this.name = name;
    this.arguments = arguments;
  }

  public static ToolCall of(String id, String name, String arguments) {
    return new ToolCall(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(arguments, "arguments"));
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The arguments as JSON text, exactly as the model produced them. */
  public String arguments() {
    return arguments;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolCall && id.equals(((ToolCall) o).id) && name.equals(((ToolCall) o).name)
        && arguments.equals(((ToolCall) o).arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, arguments);
  }

  @Override
  public String toString() {
    return "ToolCall[" + id + ", " + name + "]";
  }
}
