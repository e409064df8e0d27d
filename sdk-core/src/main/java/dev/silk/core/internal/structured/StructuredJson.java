package dev.silk.core.internal.structured;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;

/**
 * Reads a structured answer into the type its schema came from ({@link ClassSchema}): classes
 * through Moshi's reflective adapter, records through their canonical constructor with every
 * component present. Thread-safe.
 */
public final class StructuredJson {
  private static final Moshi MOSHI = new Moshi.Builder().add(new RecordAdapterFactory()).build();

  private StructuredJson() {}

  /**
   * @throws IOException if {@code json} is not JSON of {@code type}; the message names the
   *     path, never a value
   */
  public static <T> T read(String json, Class<T> type) throws IOException {
    T value;
    try {
      value = MOSHI.adapter(type).fromJson(json);
    } catch (JsonDataException | IOException e) {
      throw new IOException("the answer is not JSON of " + type.getSimpleName() + " (" + e.getClass().getSimpleName()
          + ")");
    }
    if (value == null) {
      throw new IOException("the answer is JSON null, not " + type.getSimpleName());
    }
    return value;
  }

  /** The JSON of {@code value}, as {@link #read} reads it back. */
  public static <T> String write(T value, Class<T> type) {
    return MOSHI.adapter(type).toJson(value);
  }

  /** Records by name of their superclass: {@code java.lang.Record} is absent from Android's API 26 library. */
  private static final class RecordAdapterFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
      Class<?> raw = Types.getRawType(type);
      if (!annotations.isEmpty() || raw.getSuperclass() == null
          || !"java.lang.Record".equals(raw.getSuperclass().getName())) {
        return null;
      }
      List<Field> fields = ClassSchema.properties(raw);
      Class<?>[] types = new Class<?>[fields.size()];
      String[] names = new String[fields.size()];
      @SuppressWarnings("unchecked")
      JsonAdapter<Object>[] adapters = new JsonAdapter[fields.size()];
      for (int i = 0; i < types.length; i++) {
        Field f = fields.get(i);
        f.setAccessible(true);
        types[i] = f.getType();
        names[i] = ClassSchema.propertyName(f);
        adapters[i] = moshi.adapter(f.getGenericType());
      }
      try {
        // A record's fields are its components, in order: their types are the canonical constructor's.
        Constructor<?> canonical = raw.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return new RecordAdapter(canonical, fields, JsonReader.Options.of(names), names, adapters).nullSafe();
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("no canonical constructor in " + raw.getName(), e);
      }
    }
  }

  private static final class RecordAdapter extends JsonAdapter<Object> {
    private final Constructor<?> canonical;
    private final List<Field> fields;
    private final JsonReader.Options options;
    private final String[] names;
    private final JsonAdapter<Object>[] adapters;

    RecordAdapter(Constructor<?> canonical, List<Field> fields, JsonReader.Options options, String[] names,
        JsonAdapter<Object>[] adapters) {
      this.canonical = canonical;
      this.fields = fields;
      this.options = options;
      this.names = names;
      this.adapters = adapters;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      Object[] values = new Object[names.length];
      boolean[] seen = new boolean[names.length];
      reader.beginObject();
      while (reader.hasNext()) {
        int i = reader.selectName(options);
        if (i < 0) {
          reader.skipName();
          reader.skipValue();
        } else {
          values[i] = adapters[i].fromJson(reader);
          seen[i] = true;
        }
      }
      reader.endObject();
      for (int i = 0; i < names.length; i++) {
        if (!seen[i]) {
          throw new JsonDataException("required property " + names[i] + " missing at " + reader.getPath());
        }
      }
      try {
        return canonical.newInstance(values);
      } catch (InstantiationException | IllegalAccessException | IllegalArgumentException
          | InvocationTargetException e) {
        throw new JsonDataException("the record refused its values at " + reader.getPath());
      }
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      writer.beginObject();
      for (int i = 0; i < names.length; i++) {
        writer.name(names[i]);
        try {
          adapters[i].toJson(writer, fields.get(i).get(value));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
      writer.endObject();
    }
  }
}
