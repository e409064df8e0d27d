package dev.silk.core.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call: name, description and a JSON Schema of its parameters (as
 * nested maps, lists, strings, numbers and booleans). Immutable and thread-safe.
 */
public final class Tool {
  private final String name;
  private final String description;
  private final Map<String, Object> parameters;

  private Tool(String name, String description, Map<String, Object> parameters) {
    this.name = name;
    this.description = description;
    this.parameters = parameters;
  }

  public static Tool function(String name, String description, Map<String, Object> parameters) {
    if (Objects.requireNonNull(name, "name").isEmpty()) {
      throw new IllegalArgumentException("tool name must not be empty");
    }
    return new Tool(name, Objects.requireNonNull(description, "description"),
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters"))));
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public Map<String, Object> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "Tool[" + name + "]";
  }
}
