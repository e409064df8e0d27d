package dev.silk.core.internal.structured;

import com.squareup.moshi.Json;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict JSON Schema of a Java type, for OpenAI's structured outputs: every property
 * required, no other properties, no type strict mode cannot state.
 */
public final class ClassSchema {
  private ClassSchema() {}

  /** A schema name from the type's simple name (letters, digits, {@code _}, {@code -}; at most 64). */
  public static String name(Class<?> type) {
    String name = type.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an anonymous class has no name to give its schema");
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /**
   * The schema of {@code type}, an object type.
   *
   * @throws IllegalArgumentException for a type strict mode cannot describe
   */
  public static Map<String, Object> of(Class<?> type) {
    if (simple(type) != null || type.isArray() || Collection.class.isAssignableFrom(type) || type.isEnum()) {
      throw new IllegalArgumentException("a structured answer is a JSON object: give a record or a class, not "
          + type.getName());
    }
    return JsonTrees.immutableCopy(schema(type, new ArrayDeque<>()));
  }

  /** Moshi's property name of {@code field}. */
  public static String propertyName(Field field) {
    Json json = field.getAnnotation(Json.class);
    return json != null ? json.name() : field.getName();
  }

  /** The fields a JSON object of {@code type} has: instance, non-transient, superclasses' too. */
  public static List<Field> properties(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && !platform(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int mods = f.getModifiers();
        if (!Modifier.isStatic(mods) && !Modifier.isTransient(mods) && !f.isSynthetic()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static Map<String, Object> schema(Type type, Deque<Class<?>> path) {
    Class<?> raw = raw(type);
    String simple = simple(raw);
    if (simple != null) {
      return Collections.singletonMap("type", simple);
    }
    if (raw.isEnum()) {
      List<Object> values = new ArrayList<>();
      for (Field f : raw.getDeclaredFields()) {
        if (f.isEnumConstant()) {
          values.add(propertyName(f));
        }
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "string");
      s.put("enum", values);
      return s;
    }
    if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "array");
      s.put("items", schema(element(type, raw), path));
      return s;
    }
    if (Map.class.isAssignableFrom(raw) || raw == Object.class || raw.isInterface()
        || Modifier.isAbstract(raw.getModifiers()) || platform(raw)) {
      throw new IllegalArgumentException("strict structured outputs cannot describe " + type
          + " (maps, Object, interfaces, abstract and platform classes have no fixed properties)");
    }
    if (path.contains(raw)) {
      throw new IllegalArgumentException("strict structured outputs cannot describe the recursive type "
          + raw.getName());
    }
    path.push(raw);
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Field f : properties(raw)) {
      if (properties.put(propertyName(f), schema(f.getGenericType(), path)) != null) {
        throw new IllegalArgumentException(raw.getName() + " has two properties named " + propertyName(f));
      }
    }
    path.pop();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    s.put("required", new ArrayList<>(properties.keySet()));
    s.put("additionalProperties", false);
    return s;
  }

  private static String simple(Class<?> raw) {
    if (raw == String.class || raw == char.class || raw == Character.class) {
      return "string";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
        || raw == Short.class || raw == byte.class || raw == Byte.class || raw == BigInteger.class) {
      return "integer";
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
        || raw == BigDecimal.class) {
      return "number";
    }
    return null;
  }

  private static Type element(Type type, Class<?> raw) {
    if (raw.isArray()) {
      return type instanceof GenericArrayType ? ((GenericArrayType) type).getGenericComponentType()
          : raw.getComponentType();
    }
    if (type instanceof ParameterizedType) {
      return ((ParameterizedType) type).getActualTypeArguments()[0];
    }
    throw new IllegalArgumentException("a collection needs its element type (List<String>, not List)");
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    }
    if (type instanceof ParameterizedType) {
      return (Class<?>) ((ParameterizedType) type).getRawType();
    }
    if (type instanceof GenericArrayType) {
      return java.lang.reflect.Array.newInstance(raw(((GenericArrayType) type).getGenericComponentType()), 0)
          .getClass();
    }
    throw new IllegalArgumentException("strict structured outputs cannot describe the type " + type);
  }

  private static boolean platform(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("android.")
        || name.startsWith("kotlin.");
  }
}
