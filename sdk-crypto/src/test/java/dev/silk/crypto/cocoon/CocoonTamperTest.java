package dev.silk.crypto.cocoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit flip, every truncation and an extension of each message of a recorded COCOON
 * session (handshake, authorization, a query, its answer head, parts and final info, a payment
 * status, a request's payment): the decoder refuses it with a {@link TlReader.TlException}, or
 * decodes exactly what the bytes say (re-encoding gives the same bytes: no bit is ignored). Never
 * another exception. Exhaustive, deterministic.
 */
class CocoonTamperTest {
  /** One recorded message and how to decode and re-encode it. */
  interface Codec {
    byte[] roundTrip(byte[] tl) throws TlReader.TlException;
  }

  private static final byte[] KEY = bytes(32, 7);
  private static final byte[] REQUEST_ID = bytes(32, 9);
  private static final byte[] SIGNED = bytes(120, 3);

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i * 17);
    }
    return b;
  }

  static Map<String, Codec> codecs() {
    Map<String, Codec> c = new LinkedHashMap<>();
    c.put("client.connectToProxy", tl -> {
      Handshake.ConnectRequest r = Handshake.ConnectRequest.parse(tl);
      return Handshake.connectToProxy(r.params, r.minConfigVersion);
    });
    c.put("client.connectedToProxy", tl -> Handshake.Connected.parse(tl).toTl());
    c.put("client.authorizationWithProxySuccess", tl -> Handshake.Authorization.parse(tl).toTl());
    c.put("client.runQueryEx", tl -> Queries.RunQuery.parse(tl).toTl());
    c.put("http.request", tl -> Queries.Http.parse(tl).toTl());
    c.put("client.queryAnswerEx", tl -> Queries.Answer.parse(tl).toTl());
    c.put("client.paymentStatus", tl -> Payments.Status.parse(tl).toTl());
    c.put("proxy.clientRequestPayment", tl -> Payments.Status.parse(tl).toTl());
    c.put("client.workerTypesV2", tl -> WorkerTypes.parse(tl).toTl());
    c.put("client.getWorkerTypesV2", tl -> {
      new TlReader(tl).id(CocoonIds.CLIENT_GET_WORKER_TYPES_V2);
      if (tl.length != 4) {
        throw new TlReader.TlException("extra bytes");
      }
      return WorkerTypes.request();
    });
    c.put("tcp.query", tl -> TcpMessage.parse(tl).toTl());
    c.put("tcp.queryError", tl -> TcpMessage.parse(tl).toTl());
    c.put("tcp.packet", tl -> TcpMessage.parse(tl).toTl());
    c.put("tcp.connect", tl -> TcpMessage.parse(tl, TcpMessage.Kind.CONNECT).toTl());
    return c;
  }

  static Map<String, byte[]> recorded() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    byte[] json = "{\"model\":\"Qwen/Qwen3-32B\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    Queries.TokensUsed tokens = new Queries.TokensUsed(5, 1, 6, 2, 14);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("client.connectToProxy", Handshake.connectToProxy(new Handshake.ClientParams(
        "0:" + "11".repeat(32), false, 1, 2), 87));
    m.put("client.connectedToProxy", new Handshake.Connected(new Handshake.ProxyParams(KEY, "0:" + "22".repeat(32),
        "0:" + "33".repeat(32), false, 2), "0:" + "44".repeat(32), Handshake.Auth.shortForm(bytes(32, 5), 77),
        SIGNED).toTl());
    m.put("client.authorizationWithProxySuccess", Handshake.Authorization.succeeded(SIGNED, 10, 20).toTl());
    m.put("client.runQueryEx", new Queries.RunQuery("Qwen/Qwen3-32B", Queries.chatCompletionRequest(json), 4000,
        64, 28.5, REQUEST_ID, 87).toTl());
    m.put("http.request", Queries.Http.request("POST", "/v1/chat/completions", headers, json).toTl());
    m.put("client.queryAnswerEx", Queries.Answer.head(REQUEST_ID, Queries.Http.response(200, "OK", headers,
        json).toTl(), tokens).toTl());
    m.put("client.paymentStatus", Payments.Status.paymentStatus(SIGNED, 10, 20).toTl());
    m.put("proxy.clientRequestPayment", Payments.Status.requestPayment(REQUEST_ID, SIGNED, 10, 20, 14).toTl());
    m.put("client.workerTypesV2", new WorkerTypes(java.util.Arrays.asList(
        new WorkerTypes.Type("Qwen/Qwen3-32B", java.util.Arrays.asList(new WorkerTypes.Worker(1000, 2, 8),
            new WorkerTypes.Worker(1500, 0, 4))), new WorkerTypes.Type("Qwen/Qwen3-0.6B",
            java.util.Collections.emptyList()))).toTl());
    m.put("client.getWorkerTypesV2", WorkerTypes.request());
    m.put("tcp.query", TcpMessage.query(42, m.get("client.connectToProxy")).toTl());
    m.put("tcp.queryError", TcpMessage.error(42, 401, "nonce not registered").toTl());
    m.put("tcp.packet", TcpMessage.packet(m.get("client.runQueryEx")).toTl());
    m.put("tcp.connect", TcpMessage.connect(0x1234_5678_9abc_def0L).toTl());
    return m;
  }

  @Test
  void everyRecordedMessageRoundTrips() throws Exception {
    Map<String, Codec> codecs = codecs();
    for (Map.Entry<String, byte[]> e : recorded().entrySet()) {
      assertThat(codecs.get(e.getKey()).roundTrip(e.getValue())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /**
   * Each recorded message, walked by COCOON's compiled schema alone ({@code cocoon_api.tlo}): bare
   * where the schema says bare (vectors, {@code tokensUsed}, params, final info), boxed elsewhere,
   * every byte consumed. What Silk sends is what COCOON's own generated code reads.
   */
  @Test
  void everyRecordedMessageIsWhatCocoonsCompiledSchemaReads() throws Exception {
    TloSchema schema = new TloSchema(java.nio.file.Files.readAllBytes(CocoonIdsTest.schema("cocoon_api.tlo")));
    for (Map.Entry<String, byte[]> e : recorded().entrySet()) {
      assertThat(schema.walk(e.getValue())).as(e.getKey()).isEqualTo(e.getKey());
    }
  }

  @Test
  void everyBitFlipIsRefusedOrDecodedExactly() {
    Map<String, Codec> codecs = codecs();
    int refused = 0;
    int flips = 0;
    for (Map.Entry<String, byte[]> e : recorded().entrySet()) {
      byte[] good = e.getValue();
      for (int bit = 0; bit < good.length * 8; bit++) {
        byte[] bad = good.clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        flips++;
        refused += check(e.getKey(), codecs.get(e.getKey()), bad) ? 1 : 0;
      }
    }
    // Most flips land in ids, lengths, flags and padding, or make strings or numbers invalid.
    assertThat(refused).isGreaterThan(flips / 10);
  }

  @Test
  void everyTruncationAndAnExtensionAreRefused() {
    Map<String, Codec> codecs = codecs();
    for (Map.Entry<String, byte[]> e : recorded().entrySet()) {
      byte[] good = e.getValue();
      for (int length = 0; length < good.length; length++) {
        assertThat(check(e.getKey(), codecs.get(e.getKey()), Arrays.copyOf(good, length)))
            .as(e.getKey() + " cut to " + length).isTrue();
      }
      assertThat(check(e.getKey(), codecs.get(e.getKey()), Arrays.copyOf(good, good.length + 4)))
          .as(e.getKey() + " extended").isTrue();
    }
  }

  /** True when refused; fails the test when accepted with a different meaning or thrown otherwise. */
  private static boolean check(String name, Codec codec, byte[] bad) {
    try {
      byte[] again = codec.roundTrip(bad);
      if (!Arrays.equals(again, bad)) {
        fail(name + ": a damaged message was accepted as something else: " + hex(bad));
      }
      return false;
    } catch (TlReader.TlException refused) {
      return true;
    } catch (RuntimeException e) {
      throw new AssertionError(name + ": " + e + " on " + hex(bad), e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x & 0xFF));
    }
    return s.toString();
  }
}
