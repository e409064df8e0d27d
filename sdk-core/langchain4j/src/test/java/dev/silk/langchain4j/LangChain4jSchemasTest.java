package dev.silk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import dev.langchain4j.internal.JsonSchemaElementUtils;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Silk's writer of LangChain4j's schemas against LangChain4j's own (internal, so only the test
 * uses it): the same JSON for every element type.
 */
class LangChain4jSchemasTest {
  private static final com.squareup.moshi.JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  @Test
  void everyElementTypeIsWrittenAsLangChain4jWritesIt() {
    JsonObjectSchema address = JsonObjectSchema.builder()
        .addStringProperty("street", "the street")
        .addIntegerProperty("zip")
        .required("street")
        .build();
    JsonObjectSchema root = JsonObjectSchema.builder()
        .description("a person")
        .addProperty("name", JsonStringSchema.builder().description("full name").build())
        .addProperty("age", JsonIntegerSchema.builder().build())
        .addProperty("height", JsonNumberSchema.builder().description("metres").build())
        .addProperty("member", JsonBooleanSchema.builder().build())
        .addProperty("kind", JsonEnumSchema.builder().enumValues("A", "B").description("kind").build())
        .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).description("tags").build())
        .addProperty("home", JsonReferenceSchema.builder().reference("Address").build())
        .addProperty("either", JsonAnyOfSchema.builder().anyOf(new JsonStringSchema(), new JsonNullSchema())
            .description("either").build())
        .required("name", "age")
        .definitions(Map.of("Address", address))
        .build();
    List<JsonSchemaElement> all = List.of(root, address, new JsonStringSchema(), new JsonNullSchema(),
        JsonArraySchema.builder().items(address).build());
    for (JsonSchemaElement element : all) {
      assertThat(JSON.toJson(LangChain4jSchemas.toMap(element)))
          .isEqualTo(JSON.toJson(JsonSchemaElementUtils.toMap(element)));
    }
  }

  @Test
  void anObjectKeepsItsAdditionalProperties() {
    // LangChain4j 1.19's writer writes additionalProperties only in strict mode (always false);
    // Silk writes the schema as given, so a closed object stays closed in either mode.
    JsonObjectSchema closed = JsonObjectSchema.builder().addStringProperty("a").additionalProperties(false).build();
    Map<String, Object> root = LangChain4jSchemas.toMap(JsonObjectSchema.builder()
        .addProperty("x", JsonReferenceSchema.builder().reference("Closed").build())
        .definitions(Map.of("Closed", closed)).build());
    assertThat(JSON.toJson(root)).contains("\"$defs\":{\"Closed\":{\"type\":\"object\",\"properties\":{\"a\":"
        + "{\"type\":\"string\"}},\"required\":[],\"additionalProperties\":false}}");
  }

  @Test
  void aRawSchemaIsTakenAsItsJsonAndMustBeAnObject() {
    assertThat(LangChain4jSchemas.toMap(JsonRawSchema.from("{\"type\":\"string\",\"minLength\":2}")))
        .containsEntry("type", "string").containsEntry("minLength", 2.0);
    assertThatThrownBy(() -> LangChain4jSchemas.toMap(JsonRawSchema.from("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
