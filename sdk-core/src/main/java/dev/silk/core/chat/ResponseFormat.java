package dev.silk.core.chat;

import dev.silk.core.internal.structured.ClassSchema;
import dev.silk.core.internal.structured.JsonTrees;
import java.util.Map;
import java.util.Objects;

/**
 * The form the answer must take: free text, any JSON object, or JSON that follows a schema
 * (OpenAI's structured outputs). Immutable and thread-safe.
 *
 * <pre>{@code
 * record Weather(String city, double celsius) {}
 *
 * ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
 *     .model(model)
 *     .addMessage(ChatMessage.user("Weather in Dubai?"))
 *     .responseFormat(ResponseFormat.jsonSchema(Weather.class))
 *     .build());
 * Weather weather = answer.parse(Weather.class);
 * }</pre>
 */
public final class ResponseFormat {
  /** OpenAI's {@code response_format.type}. */
  public enum Type {
    TEXT("text"),
    JSON_OBJECT("json_object"),
    JSON_SCHEMA("json_schema");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, null, false);
  private static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, null, false);

  private final Type type;
  private final String name;
  private final String description;
  private final Map<String, Object> schema;
  private final boolean strict;

  private ResponseFormat(Type type, String name, String description, Map<String, Object> schema, boolean strict) {
    this.type = type;
    this.name = name;
    this.description = description;
    this.schema = schema;
    this.strict = strict;
  }

  /** Free text (the default when no format is given). */
  public static ResponseFormat text() {
    return TEXT;
  }

  /** Any JSON object ("JSON mode"). */
  public static ResponseFormat jsonObject() {
    return JSON_OBJECT;
  }

  /**
   * JSON that follows {@code schema} (nested maps, lists, strings, numbers and booleans, as
   * {@link Tool} parameters are given).
   *
   * @param name 1 to 64 letters, digits, {@code _} or {@code -}
   * @param strict whether the model must follow the schema exactly (OpenAI's strict mode, which
   *     needs every property required and {@code additionalProperties: false})
   */
  public static ResponseFormat jsonSchema(String name, Map<String, Object> schema, boolean strict) {
    if (!Objects.requireNonNull(name, "name").matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("a schema name is 1 to 64 letters, digits, _ or -");
    }
    return new ResponseFormat(Type.JSON_SCHEMA, name, null, JsonTrees.immutableCopy(
        Objects.requireNonNull(schema, "schema")), strict);
  }

  /**
   * JSON that follows the strict schema of {@code type}, derived as openai-java derives it:
   * a record's components or a class's non-static, non-transient fields, all required, no
   * other properties; strings, numbers, booleans, enums, lists, arrays and nested such types;
   * Moshi's {@code @Json(name = ...)} renames a property. Parse the answer with
   * {@link ChatCompletion#parse(Class)}.
   *
   * @throws IllegalArgumentException for a type strict mode cannot describe (a map, a cycle,
   *     {@code Object}, an interface)
   */
  public static ResponseFormat jsonSchema(Class<?> type) {
    return new ResponseFormat(Type.JSON_SCHEMA, ClassSchema.name(type), null, ClassSchema.of(type), true);
  }

  /** This format with a description of what the schema is for (JSON schema only). */
  public ResponseFormat withDescription(String description) {
    if (type != Type.JSON_SCHEMA) {
      throw new IllegalStateException("only a JSON schema format has a description");
    }
    return new ResponseFormat(type, name, Objects.requireNonNull(description, "description"), schema, strict);
  }

  public Type type() {
    return type;
  }

  /** The schema's name (JSON schema only; else null). */
  public String name() {
    return name;
  }

  /** What the schema is for, or null. */
  public String description() {
    return description;
  }

  /** The JSON Schema, unmodifiable (JSON schema only; else null). */
  public Map<String, Object> schema() {
    return schema;
  }

  public boolean strict() {
    return strict;
  }

  @Override
  public String toString() {
    return "ResponseFormat[" + type.wireName() + (name == null ? "" : ", " + name + (strict ? ", strict" : ""))
        + "]";
  }
}
