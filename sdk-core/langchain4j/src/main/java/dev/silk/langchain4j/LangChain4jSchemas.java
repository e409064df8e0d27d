package dev.silk.langchain4j;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's JSON Schema elements as the JSON Schema maps OpenAI's wire format takes (tool
 * parameters, structured outputs), written from LangChain4j's public schema API only. References
 * point into {@code $defs}, as LangChain4j's own OpenAI model writes them.
 */
final class LangChain4jSchemas {
  private static final JsonAdapter<Map<String, Object>> RAW = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private LangChain4jSchemas() {}

  static Map<String, Object> toMap(JsonSchemaElement element) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (element instanceof JsonObjectSchema) {
      JsonObjectSchema o = (JsonObjectSchema) element;
      s.put("type", "object");
      describe(s, o.description());
      Map<String, Object> properties = new LinkedHashMap<>();
      o.properties().forEach((name, property) -> properties.put(name, toMap(property)));
      s.put("properties", properties);
      if (o.required() != null) {
        s.put("required", new ArrayList<>(o.required()));
      }
      if (o.additionalProperties() != null) {
        s.put("additionalProperties", o.additionalProperties());
      }
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        Map<String, Object> defs = new LinkedHashMap<>();
        o.definitions().forEach((name, definition) -> defs.put(name, toMap(definition)));
        s.put("$defs", defs);
      }
    } else if (element instanceof JsonArraySchema) {
      JsonArraySchema a = (JsonArraySchema) element;
      s.put("type", "array");
      describe(s, a.description());
      s.put("items", toMap(a.items()));
    } else if (element instanceof JsonEnumSchema) {
      JsonEnumSchema e = (JsonEnumSchema) element;
      s.put("type", "string");
      describe(s, e.description());
      s.put("enum", new ArrayList<>(e.enumValues()));
    } else if (element instanceof JsonStringSchema) {
      simple(s, "string", ((JsonStringSchema) element).description());
    } else if (element instanceof JsonIntegerSchema) {
      simple(s, "integer", ((JsonIntegerSchema) element).description());
    } else if (element instanceof JsonNumberSchema) {
      simple(s, "number", ((JsonNumberSchema) element).description());
    } else if (element instanceof JsonBooleanSchema) {
      simple(s, "boolean", ((JsonBooleanSchema) element).description());
    } else if (element instanceof JsonNullSchema) {
      s.put("type", "null");
    } else if (element instanceof JsonReferenceSchema) {
      JsonReferenceSchema r = (JsonReferenceSchema) element;
      s.put("$ref", "#/$defs/" + r.reference());
      describe(s, r.description());
    } else if (element instanceof JsonAnyOfSchema) {
      JsonAnyOfSchema any = (JsonAnyOfSchema) element;
      describe(s, any.description());
      List<Object> options = new ArrayList<>();
      for (JsonSchemaElement option : any.anyOf()) {
        options.add(toMap(option));
      }
      s.put("anyOf", options);
    } else if (element instanceof JsonRawSchema) {
      return raw(((JsonRawSchema) element).schema());
    } else {
      throw new IllegalArgumentException("Silk cannot write the JSON schema element "
          + element.getClass().getName());
    }
    return s;
  }

  private static void simple(Map<String, Object> s, String type, String description) {
    s.put("type", type);
    describe(s, description);
  }

  private static void describe(Map<String, Object> s, String description) {
    if (description != null) {
      s.put("description", description);
    }
  }

  private static Map<String, Object> raw(String json) {
    try {
      Map<String, Object> schema = RAW.fromJson(json);
      if (schema == null) {
        throw new IOException("null");
      }
      return schema;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("a raw JSON schema must be a JSON object", e);
    }
  }
}
