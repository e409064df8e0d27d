package dev.silk.node.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The echo model's answer to a JSON schema: one instance of it, built from the echoed text. */
final class SchemaInstance {
  private static final int MAX_DEPTH = 32;

  private SchemaInstance() {}

  static Object of(Map<String, Object> schema, String text) {
    return value(schema, text, 0);
  }

  private static Object value(Object schema, String text, int depth) {
    if (!(schema instanceof Map) || depth > MAX_DEPTH) {
      return null;
    }
    Map<?, ?> s = (Map<?, ?>) schema;
    if (s.get("enum") instanceof List && !((List<?>) s.get("enum")).isEmpty()) {
      return ((List<?>) s.get("enum")).get(0);
    }
    if (s.get("anyOf") instanceof List && !((List<?>) s.get("anyOf")).isEmpty()) {
      return value(((List<?>) s.get("anyOf")).get(0), text, depth + 1);
    }
    switch (type(s.get("type"))) {
      case "object":
        Map<String, Object> object = new LinkedHashMap<>();
        if (s.get("properties") instanceof Map) {
          for (Map.Entry<?, ?> p : ((Map<?, ?>) s.get("properties")).entrySet()) {
            object.put(String.valueOf(p.getKey()), value(p.getValue(), text, depth + 1));
          }
        }
        return object;
      case "array":
        List<Object> array = new ArrayList<>();
        array.add(value(s.get("items"), text, depth + 1));
        return array;
      case "string":
        return text;
      case "integer":
      case "number":
        return (long) words(text);
      case "boolean":
        return Boolean.TRUE;
      default:
        return null;
    }
  }

  /** The first non-null type of {@code "type": "x"} or {@code "type": ["x", "null"]}. */
  private static String type(Object type) {
    List<?> types = type instanceof List ? (List<?>) type : Collections.singletonList(type);
    for (Object t : types) {
      if (t instanceof String && !"null".equals(t)) {
        return (String) t;
      }
    }
    return "null";
  }

  private static int words(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
