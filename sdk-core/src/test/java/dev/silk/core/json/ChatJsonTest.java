package dev.silk.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two open shapes of the chat JSON: content as string or parts, and properties Silk does not model. */
class ChatJsonTest {
  private static ChatJson.Request read(String json) throws IOException {
    return ChatJson.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String write(ChatJson.Request r) {
    return new String(ChatJson.write(r), StandardCharsets.UTF_8);
  }

  @Test
  void contentAsStringOrPartsIsReadAndWrittenBackUnchanged() throws IOException {
    String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is it?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\",\"detail\":\"low\"}},"
        + "{\"type\":\"text\",\"text\":\"be exact\"}]}]}";
    ChatJson.Request r = read(json);
    assertThat(r.messages.get(0).content).isEqualTo("be brief");
    assertThat(r.messages.get(0).parts).isNull();
    assertThat(r.messages.get(1).content).isNull();
    assertThat(r.messages.get(1).parts).hasSize(3);
    assertThat(r.messages.get(1).parts.get(1).imageUrl.detail).isEqualTo("low");
    assertThat(r.messages.get(1).text()).isEqualTo("what is it?\nbe exact");
    // Moshi writes a class's fields in name order; the parts keep theirs.
    assertThat(write(r)).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
        + "{\"role\":\"user\",\"content\":[{\"text\":\"what is it?\",\"type\":\"text\"},"
        + "{\"image_url\":{\"detail\":\"low\",\"url\":\"https://example.com/a.png\"},\"type\":\"image_url\"},"
        + "{\"text\":\"be exact\",\"type\":\"text\"}]}],\"model\":\"m\"}");
    assertThat(write(read(write(r)))).isEqualTo(write(r));
  }

  @Test
  void partsSilkDoesNotCarryAreRefusedNotDropped() {
    for (String part : Arrays.asList("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\"}}",
        "{\"type\":\"text\"}", "{\"type\":\"image_url\",\"image_url\":{}}",
        "{\"type\":\"image_url\",\"text\":\"x\",\"image_url\":{\"url\":\"https://e.com/a.png\"}}")) {
      assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}"))
          .as(part).isInstanceOf(JsonDataException.class);
    }
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":7}]}"))
        .isInstanceOf(JsonDataException.class);
  }

  @Test
  void propertiesSilkDoesNotModelSurviveInOrderWithTheirNumbers() throws IOException {
    String json = "{\"model\":\"m\",\"seed\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"logit_bias\":{\"50256\":-100},\"top_p\":0.25,\"user\":\"u-1\",\"big\":9007199254740993}";
    ChatJson.Request r = read(json);
    assertThat(r.extra).containsOnlyKeys("logit_bias", "user", "big");
    assertThat(r.seed).isEqualTo(42L);
    assertThat(r.topP).isEqualTo(0.25);
    // The modelled fields in Moshi's name order, then the others in theirs. Beyond 2^53 an
    // integer is rounded to the nearest double, as every JSON reader that uses doubles does.
    assertThat(write(r)).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"m\","
        + "\"seed\":42,\"top_p\":0.25,\"logit_bias\":{\"50256\":-100},\"user\":\"u-1\",\"big\":9007199254740992}");
  }

  @Test
  void aRequestWithoutExtrasIsWrittenExactlyAsBefore() throws IOException {
    // Moshi's name order, as the vectors have it.
    String json = "{\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"m\","
        + "\"response_format\":{\"json_schema\":{\"name\":\"n\",\"schema\":{\"type\":\"object\",\"minProperties\":1},"
        + "\"strict\":true},\"type\":\"json_schema\"},\"stop\":[\"x\"],\"stream\":true,\"temperature\":0.5}";
    ChatJson.Request r = read(json);
    assertThat(r.extra).isNull();
    assertThat(r.responseFormat.jsonSchema.schema).containsEntry("minProperties", 1.0);
    assertThat(write(r)).isEqualTo(json);
  }

  @Test
  void aDuplicateExtraPropertyIsRefused() {
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"user\":\"a\",\"user\":\"b\"}")).isInstanceOf(JsonDataException.class);
  }
}
