package dev.silk.crypto.bhttp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ordered list of HTTP fields (header or trailer section), names lower-cased as Binary HTTP
 * requires (RFC 9292 §3.6). Immutable.
 */
public final class Fields {
  /** No fields. */
  public static final Fields EMPTY = new Fields(Collections.<Map.Entry<String, String>>emptyList());

  private final List<Map.Entry<String, String>> fields;

  private Fields(List<Map.Entry<String, String>> fields) {
    this.fields = Collections.unmodifiableList(fields);
  }

  /** Fields from alternating names and values: {@code Fields.of("accept", "*&#47;*")}. */
  public static Fields of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(field(namesAndValues[i], namesAndValues[i + 1]));
    }
    return new Fields(list);
  }

  static Fields of(List<Map.Entry<String, String>> list) {
    List<Map.Entry<String, String>> lowered = new ArrayList<>();
    for (Map.Entry<String, String> f : list) {
      lowered.add(field(f.getKey(), f.getValue()));
    }
    return lowered.isEmpty() ? EMPTY : new Fields(lowered);
  }

  static Map.Entry<String, String> field(String name, String value) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a field name is not empty");
    }
    return new java.util.AbstractMap.SimpleImmutableEntry<>(name.toLowerCase(Locale.ROOT), value);
  }

  /** The fields in order, names lower-cased. */
  public List<Map.Entry<String, String>> list() {
    return fields;
  }

  /** The first value of {@code name}, or null. */
  public String get(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> f : fields) {
      if (f.getKey().equals(lower)) {
        return f.getValue();
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fields && ((Fields) o).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }
}
