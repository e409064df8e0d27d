package dev.silk.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import dev.silk.core.Verification;
import dev.silk.core.errors.StructuredOutputException;
import dev.silk.core.payment.TonAmount;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema derived from a Java type, and the answer read back into it. */
class StructuredOutputTest {
  record Address(String street, @Json(name = "zip_code") int zip) {}

  enum Kind { HOME, @Json(name = "office") WORK }

  record Contact(String name, Kind kind, List<Address> addresses, boolean primary, Long score, String[] tags) {}

  /** A plain class: Moshi's reflective adapter reads it. */
  static final class Invoice {
    String number;
    double total;
    transient String ignored;
    static String constant = "x";
  }

  record Node(String name, List<Node> children) {}

  record Bag(Map<String, String> entries) {}

  record Loose(Object anything) {}

  record Raw(@SuppressWarnings("rawtypes") List items) {}

  private static ChatCompletion answer(String content, String finishReason) {
    return new ChatCompletion("id", "echo", 0, Collections.singletonList(
        new ChatCompletion.Choice(0, ChatMessage.assistant(content), finishReason)), new Usage(1, 1),
        Verification.cocoonRunner(TonAmount.ZERO));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRecordGivesAStrictSchemaWithMoshiNames() {
    ResponseFormat format = ResponseFormat.jsonSchema(Contact.class);
    assertThat(format.name()).isEqualTo("Contact");
    assertThat(format.strict()).isTrue();
    Map<String, Object> schema = format.schema();
    assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false)
        .containsEntry("required", Arrays.asList("name", "kind", "addresses", "primary", "score", "tags"));
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    assertThat(properties.get("kind")).isEqualTo(Map.of("type", "string", "enum", List.of("HOME", "office")));
    assertThat(properties.get("score")).isEqualTo(Map.of("type", "integer"));
    assertThat(properties.get("tags")).isEqualTo(Map.of("type", "array", "items", Map.of("type", "string")));
    Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) properties.get("addresses")).get("items");
    assertThat((Map<String, Object>) address.get("properties")).containsOnlyKeys("street", "zip_code");
    assertThatThrownBy(() -> schema.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aClassGivesItsInstanceFieldsOnly() {
    assertThat(ResponseFormat.jsonSchema(Invoice.class).schema().get("required"))
        .isEqualTo(Arrays.asList("number", "total"));
  }

  @Test
  void typesStrictModeCannotStateAreRefusedAtOnce() {
    for (Class<?> type : Arrays.asList(Node.class, Bag.class, Loose.class, Raw.class, String.class, List.class,
        Kind.class, Set.class, Runnable.class)) {
      assertThatThrownBy(() -> ResponseFormat.jsonSchema(type)).as(type.getName())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ResponseFormat.jsonSchema("bad name", Map.of("type", "object"), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseFormat.jsonSchema("ok", Map.of("type", new StringBuilder()), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAnswerParsesIntoRecordsAndClasses() {
    Contact contact = answer("{\"name\":\"Ann\",\"kind\":\"office\",\"addresses\":[{\"street\":\"Main\",\"zip_code\":"
        + "101}],\"primary\":true,\"score\":null,\"tags\":[\"a\",\"b\"],\"unknown\":1}", "stop").parse(Contact.class);
    assertThat(contact.name()).isEqualTo("Ann");
    assertThat(contact.kind()).isEqualTo(Kind.WORK);
    assertThat(contact.addresses()).containsExactly(new Address("Main", 101));
    assertThat(contact.score()).isNull();
    assertThat(contact.tags()).containsExactly("a", "b");
    Invoice invoice = answer("{\"number\":\"A-1\",\"total\":12.5}", "stop").parse(Invoice.class);
    assertThat(invoice.number).isEqualTo("A-1");
    assertThat(invoice.total).isEqualTo(12.5);
  }

  @Test
  void everyWayAnAnswerCanMissItsShapeIsOneTypedFailureThatQuotesNothing() {
    String[] wrong = {
        "{\"street\":\"Secret\"}", // missing component
        "{\"street\":\"Secret\",\"zip_code\":\"Secret\"}", // wrong type
        "{\"street\":\"Secret\",\"zip_code\":null}", // null for a primitive
        "[\"Secret\"]", "\"Secret\"", "null", "{\"street\":\"Secret\"", "Secret"};
    for (String content : wrong) {
      assertThatThrownBy(() -> answer(content, "stop").parse(Address.class)).as(content)
          .isInstanceOfSatisfying(StructuredOutputException.class, e -> {
            assertThat(e.code()).isEqualTo("structured_output");
            assertThat(e.getMessage()).doesNotContain("Secret");
            assertThat(e.getCause()).isNull();
          });
    }
    assertThatThrownBy(() -> answer("{\"street\":\"Main\",\"zip_code\":1}", "length").parse(Address.class))
        .isInstanceOfSatisfying(StructuredOutputException.class, e -> assertThat(e.finishReason()).isEqualTo("length"));
    ChatCompletion toolsOnly = new ChatCompletion("id", "echo", 0, Collections.singletonList(new ChatCompletion.Choice(
        0, ChatMessage.assistantToolCalls(List.of(ToolCall.of("c", "f", "{}"))), "tool_calls")), new Usage(1, 1),
        Verification.cocoonRunner(TonAmount.ZERO));
    assertThatThrownBy(() -> toolsOnly.parse(Address.class)).isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("called tools");
  }

  @Test
  void contentPartsCheckWhatTheyAreGiven() {
    assertThatThrownBy(() -> ContentPart.imageUrl("file:///etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentPart.imageUrl("https://e.com/a.png", "huge"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentPart.image(new byte[] {1}, "text/html")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContentPart.image(new byte[0], "image/png")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChatMessage.user(List.of())).isInstanceOf(IllegalArgumentException.class);
    ChatMessage m = ChatMessage.user(ContentPart.text("Secret one"), ContentPart.image(new byte[] {1, 2}, "image/png"),
        ContentPart.text("two"));
    assertThat(m.content()).isEqualTo("Secret one\ntwo");
    assertThat(m.hasImages()).isTrue();
    assertThat(m.parts().get(1).url()).isEqualTo("data:image/png;base64,AQI=");
    assertThat(m + " " + m.parts()).doesNotContain("Secret").doesNotContain("AQI=");
  }
}
