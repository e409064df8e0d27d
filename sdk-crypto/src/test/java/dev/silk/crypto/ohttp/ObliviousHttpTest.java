package dev.silk.crypto.ohttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.bhttp.BinaryRequest;
import dev.silk.crypto.bhttp.BinaryResponse;
import dev.silk.crypto.bhttp.Fields;
import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Oblivious HTTP against RFC 9458 Appendix A, byte for byte (key configuration, the Binary HTTP
 * request and response, the encapsulated request with the RFC's ephemeral key, the encapsulated
 * response with its nonce), then every single-byte change of both messages refused.
 */
class ObliviousHttpTest {
  // RFC 9458 Appendix A.
  private static final String SK_R = "3c168975674b2fa8e465970b79c8dcf09f1c741626480bd4c6162fc5b6a98e1a";
  private static final String KEY_CONFIG =
      "01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500080001000100010003";
  private static final String REQUEST = "00034745540568747470730b6578616d706c652e636f6d012f";
  private static final String SK_E = "bc51d5e930bda26589890ac7032f70ad12e4ecb37abb1b65b1256c9c48999c73";
  private static final String ENC_REQUEST = "010020000100014b28f881333e7c164ffc499ad9796f877f4e1051ee6d31bad19dec96c208"
      + "b4726374e469135906992e1268c594d2a10c695d858c40a026e7965e7d86b83dd440b2c0185204b4d63525";
  private static final String RESPONSE = "0140c8";
  private static final String RESPONSE_NONCE = "c789e7151fcba46158ca84b04464910d";
  private static final String ENC_RESPONSE = "c789e7151fcba46158ca84b04464910d86f9013e404feea014e7be4a441f234f857fbd";

  @Test
  void rfc9458AppendixAIsReproducedByteForByte() throws Exception {
    KeyConfig config = KeyConfig.parse(Hex.decode(KEY_CONFIG));
    assertThat(config.keyId()).isEqualTo(1);
    assertThat(config.kemId()).isEqualTo(KeyConfig.KEM_X25519_SHA256);
    assertThat(config.algorithms()).containsExactly(new KeyConfig.Algorithms(1, 1), new KeyConfig.Algorithms(1, 3));
    assertThat(Hex.encode(config.encode())).isEqualTo(KEY_CONFIG);

    BinaryRequest get = BinaryRequest.builder().method("GET").scheme("https").authority("example.com").path("/")
        .build();
    assertThat(Hex.encode(get.encode())).as("Binary HTTP request").isEqualTo(REQUEST);
    assertThat(Hex.encode(BinaryResponse.of(200, Fields.EMPTY, new byte[0]).encode())).isEqualTo(RESPONSE);

    ObliviousRequest request = ObliviousRequest.encapsulate(config, get.encode(), Hex.decode(SK_E));
    assertThat(Hex.encode(request.encapsulated())).as("encapsulated request").isEqualTo(ENC_REQUEST);

    ObliviousGateway gateway = ObliviousGateway.of(1, Hex.decode(SK_R));
    assertThat(gateway.keyConfig().publicKey()).isEqualTo(config.publicKey());
    ObliviousGateway.Request opened = gateway.open(Hex.decode(ENC_REQUEST));
    BinaryRequest decoded = BinaryRequest.decode(opened.request());
    assertThat(decoded.method()).isEqualTo("GET");
    assertThat(decoded.authority()).isEqualTo("example.com");
    assertThat(decoded.path()).isEqualTo("/");

    byte[] sealed = opened.sealResponse(Hex.decode(RESPONSE), Hex.decode(RESPONSE_NONCE));
    assertThat(Hex.encode(sealed)).as("encapsulated response").isEqualTo(ENC_RESPONSE);
    assertThat(BinaryResponse.decode(request.openResponse(sealed)).status()).isEqualTo(200);
  }

  @Test
  void everyChangedByteOfARequestOrResponseIsRefused() throws Exception {
    ObliviousGateway gateway = ObliviousGateway.create(7);
    byte[] body = BinaryRequest.builder().method("POST").scheme("https").authority("node.example")
        .path("/v1/sealed/chat/completions").headers(Fields.of("content-type", "application/vnd.silk.envelope"))
        .content("sealed bytes".getBytes(StandardCharsets.UTF_8)).build().encode();
    ObliviousRequest request = ObliviousRequest.encapsulate(gateway.keyConfig(), body);
    byte[] wire = request.encapsulated();
    for (int i = 0; i < wire.length; i++) {
      byte[] bad = wire.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> gateway.open(bad)).as("request byte %d", at)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code())
              .isIn(ErrorCode.DECRYPTION_FAILED, ErrorCode.UNSUPPORTED_SUITE));
    }
    assertThatThrownBy(() -> gateway.open(java.util.Arrays.copyOf(wire, 54)))
        .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    assertThatThrownBy(() -> ObliviousGateway.create(8).open(wire)).as("another gateway's key id")
        .isInstanceOfSatisfying(SilkCryptoException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SUITE));
    assertThatThrownBy(() -> ObliviousGateway.create(7).open(wire)).as("the same key id, another key")
        .isInstanceOfSatisfying(SilkCryptoException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));

    ObliviousGateway.Request opened = gateway.open(wire);
    assertThat(BinaryRequest.decode(opened.request()).content()).isEqualTo("sealed bytes".getBytes(
        StandardCharsets.UTF_8));
    byte[] answer = opened.sealResponse(BinaryResponse.of(200, Fields.of("content-type", "text/plain"),
        "ok".getBytes(StandardCharsets.UTF_8)).encode());
    assertThatThrownBy(() -> opened.sealResponse(new byte[0])).isInstanceOf(IllegalStateException.class);
    for (int i = 0; i < answer.length; i++) {
      byte[] bad = answer.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> request.openResponse(bad)).as("response byte %d", at)
          .isInstanceOfSatisfying(SilkCryptoException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }
    ObliviousRequest other = ObliviousRequest.encapsulate(gateway.keyConfig(), body);
    assertThatThrownBy(() -> other.openResponse(answer)).as("the answer to another request")
        .isInstanceOfSatisfying(SilkCryptoException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    BinaryResponse response = BinaryResponse.decode(request.openResponse(answer));
    assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain");
    assertThat(response.content()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> request.openResponse(answer)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyConfigsThatCannotBeDelimitedOrAreIncompleteAreRefused() {
    String[] bad = {
        "", "01", "010020", KEY_CONFIG.substring(0, KEY_CONFIG.length() - 2), KEY_CONFIG + "00",
        "01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e7981550000",
        "01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e798155000600010001",
        "01999931e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500040001000100"};
    for (String hex : bad) {
      assertThatThrownBy(() -> KeyConfig.parse(Hex.decode(hex))).as(hex)
          .isInstanceOfSatisfying(SilkCryptoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }
    KeyConfig otherSuite = new KeyConfig(1, KeyConfig.KEM_X25519_SHA256, new byte[32],
        java.util.Collections.singletonList(new KeyConfig.Algorithms(1, 3)));
    assertThatThrownBy(() -> ObliviousRequest.encapsulate(otherSuite, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AES-128-GCM");
  }
}
