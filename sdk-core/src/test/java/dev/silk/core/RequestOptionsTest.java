package dev.silk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-call extras: what may be added, and what is the protocol's own. */
class RequestOptionsTest {
  @Test
  void extrasAreKeptInOrderAndCannotChangeAfterwards() {
    List<Object> values = new ArrayList<>(Arrays.asList(1, "two"));
    RequestOptions options = RequestOptions.builder()
        .putAdditionalHeader("X-Trace-Id", "t-1")
        .putExtraBodyProperty("user", "u-7")
        .putExtraBodyProperty("logit_bias", Map.of("50256", -100))
        .putExtraBodyProperty("list", values)
        .build();
    values.add("three");
    assertThat(options.additionalHeaders()).containsExactly(Map.entry("X-Trace-Id", "t-1"));
    assertThat(options.extraBody()).containsOnlyKeys("user", "logit_bias", "list");
    assertThat(options.extraBody().get("list")).isEqualTo(Arrays.asList(1, "two"));
    assertThatThrownBy(() -> options.extraBody().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(RequestOptions.defaults().extraBody()).isEmpty();
  }

  @Test
  void whatTheProtocolOrTheParamsSetIsRefused() {
    for (String name : Arrays.asList("Content-Type", "content-length", "Host", "Transfer-Encoding")) {
      assertThatThrownBy(() -> RequestOptions.builder().putAdditionalHeader(name, "x")).as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> RequestOptions.builder().putAdditionalHeader("X-Bad", "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String name : Arrays.asList("model", "messages", "stream", "stream_options", "max_tokens", "response_format",
        "seed", "top_p")) {
      assertThatThrownBy(() -> RequestOptions.builder().putExtraBodyProperty(name, 1)).as(name)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ChatCompletionCreateParams");
    }
    assertThatThrownBy(() -> RequestOptions.builder().putExtraBodyProperty("when", new java.util.Date()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
