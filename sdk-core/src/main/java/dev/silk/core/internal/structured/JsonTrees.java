package dev.silk.core.internal.structured;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values held as Java trees: maps with string keys, lists, strings, numbers, booleans and null. */
public final class JsonTrees {
  private JsonTrees() {}

  /**
   * A deep, unmodifiable copy of {@code tree}, so that a value built from it cannot change after
   * it was checked.
   *
   * @throws IllegalArgumentException if it holds anything but JSON values
   */
  public static Map<String, Object> immutableCopy(Map<?, ?> tree) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : tree.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("JSON object keys must be strings");
      }
      copy.put((String) e.getKey(), value(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object value(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Map) {
      return immutableCopy((Map<?, ?>) v);
    }
    if (v instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object item : (List<?>) v) {
        copy.add(value(item));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("JSON values are maps, lists, strings, numbers, booleans or null, not "
        + v.getClass().getName());
  }
}
