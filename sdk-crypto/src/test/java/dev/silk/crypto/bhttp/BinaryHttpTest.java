package dev.silk.crypto.bhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.BinaryHttpCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Binary HTTP's known-length messages: RFC 9000's varint examples, round trips, truncation, padding, refusals. */
class BinaryHttpTest {
  @Test
  void varintsMatchRfc9000AppendixA1() throws Exception {
    String[][] examples = {{"c2197c5eff14e88c", "151288809941952652"}, {"9d7f3e7d", "494878333"},
        {"7bbd", "15293"}, {"25", "37"}};
    for (String[] e : examples) {
      long value = Long.parseLong(e[1]);
      assertThat(Hex.encode(new BinaryHttpCodec.Writer().varint(value).toByteArray())).isEqualTo(e[0]);
      assertThat(new BinaryHttpCodec.Reader(Hex.decode(e[0])).varint("v")).isEqualTo(value);
    }
    // RFC 9000 allows a longer encoding of a small value (0x4025 is 37 too).
    assertThat(new BinaryHttpCodec.Reader(Hex.decode("4025")).varint("v")).isEqualTo(37);
    for (long edge : new long[] {0, 63, 64, 16_383, 16_384, 1_073_741_823, 1_073_741_824, (1L << 62) - 1}) {
      assertThat(new BinaryHttpCodec.Reader(new BinaryHttpCodec.Writer().varint(edge).toByteArray()).varint("v"))
          .isEqualTo(edge);
    }
    assertThatThrownBy(() -> new BinaryHttpCodec.Writer().varint(1L << 62)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsAndResponsesRoundTripAndTruncateOnlyEmptySections() throws Exception {
    BinaryRequest post = BinaryRequest.builder().method("POST").scheme("https").authority("node.example:8443")
        .path("/v1/sealed/chat/completions?x=1").headers(Fields.of("Content-Type", "application/vnd.silk.envelope",
            "x-a", "1", "x-a", "2")).content("body".getBytes(StandardCharsets.UTF_8))
        .trailers(Fields.of("x-done", "yes")).build();
    BinaryRequest back = BinaryRequest.decode(post.encode());
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.authority()).isEqualTo("node.example:8443");
    assertThat(back.path()).isEqualTo("/v1/sealed/chat/completions?x=1");
    assertThat(back.headers()).isEqualTo(post.headers());
    assertThat(back.headers().get("content-type")).isEqualTo("application/vnd.silk.envelope");
    assertThat(back.headers().list()).hasSize(3);
    assertThat(back.content()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
    assertThat(back.trailers().get("X-Done")).isEqualTo("yes");

    BinaryRequest headersOnly = BinaryRequest.builder().method("GET").scheme("https").authority("a").path("/")
        .headers(Fields.of("accept", "*/*")).build();
    byte[] encoded = headersOnly.encode();
    assertThat(BinaryRequest.decode(encoded).headers().get("accept")).isEqualTo("*/*");
    // Not truncated, and padded: the same request.
    byte[] full = Hex.decode(Hex.encode(encoded) + "0000" + "000000");
    assertThat(BinaryRequest.decode(full).headers()).isEqualTo(headersOnly.headers());
    assertThat(BinaryRequest.decode(full).content()).isEmpty();

    BinaryResponse ok = new BinaryResponse(200, Fields.of("content-type", "text/event-stream"),
        "data".getBytes(StandardCharsets.UTF_8), Fields.EMPTY);
    BinaryResponse again = BinaryResponse.decode(ok.encode());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.headers()).isEqualTo(ok.headers());
    assertThat(again.content()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
    assertThat(again.trailers().isEmpty()).isTrue();
    // A 103 before the final answer is read and dropped.
    byte[] early = new BinaryHttpCodec.Writer().varint(1).varint(103)
        .fields(Fields.of("link", "</x>").list()).varint(404).toByteArray();
    assertThat(BinaryResponse.decode(early).status()).isEqualTo(404);
  }

  @Test
  void malformedMessagesAreRefused() {
    String[] requests = {
        "", "01", "02", "00", "0003474554", "000347455405687474707300",
        "00034745540568747470730b6578616d706c652e636f6d012f05", // a header section past the end
        "00034745540568747470730b6578616d706c652e636f6d012f000000000001", // bytes after it, not padding
        "00034745540568747470730b6578616d706c652e636f6d012f0300016100", // a field with an empty name
        "00034745540568747470730b6578616d706c652e636f6d012f020001", // an empty field name
        "c0"}; // a varint past the end
    for (String hex : requests) {
      assertThatThrownBy(() -> BinaryRequest.decode(Hex.decode(hex))).as(hex)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }
    for (String hex : new String[] {"", "00", "0140", "01403c", "014258", "0164", "0140c80140"}) {
      assertThatThrownBy(() -> BinaryResponse.decode(Hex.decode(hex))).as(hex)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }
    assertThatThrownBy(() -> BinaryRequest.builder().method("GET").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BinaryResponse.of(99, Fields.EMPTY, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
