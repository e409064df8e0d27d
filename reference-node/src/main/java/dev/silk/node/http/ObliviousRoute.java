package dev.silk.node.http;

import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.bhttp.BinaryRequest;
import dev.silk.crypto.bhttp.BinaryResponse;
import dev.silk.crypto.bhttp.Fields;
import dev.silk.crypto.ohttp.KeyConfig;
import dev.silk.crypto.ohttp.ObliviousGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.eclipse.jetty.server.Response;

/**
 * The node as its own Oblivious HTTP gateway (spec §15): a relay forwards {@code message/ohttp-req}
 * bodies; the node opens them with the X25519 key of its descriptor, answers the Binary HTTP
 * request inside (only {@code POST /v1/sealed/chat/completions}, the sealed envelope as its
 * content) through the sealed chat route, and encapsulates the whole answer. The node sees the
 * relay's address, never the client's; the relay sees neither prompt nor answer (both are sealed
 * twice). Answers are not streamed: the Binary HTTP response is known-length. Thread-safe.
 */
final class ObliviousRoute {
  private static final String SEALED_PATH = "/" + HttpBinding.SEALED_CHAT;

  private final ObliviousGateway gateway;
  private final ChatRoute chat;
  private final byte[] keys;

  ObliviousRoute(ObliviousGateway gateway, ChatRoute chat) {
    this.gateway = gateway;
    this.chat = chat;
    this.keys = KeyConfig.encodeList(Collections.singletonList(gateway.keyConfig()));
  }

  /** {@code GET /v1/ohttp/keys}. */
  void keys(Response response) throws IOException {
    Replies.send(response, 200, HttpBinding.OHTTP_KEYS_TYPE, keys);
  }

  /** {@code POST /v1/ohttp}. */
  void serve(byte[] body, Response response) throws IOException {
    ObliviousGateway.Request opened;
    try {
      opened = gateway.open(body);
    } catch (SilkCryptoException e) {
      // RFC 9458 §5.2: a request that does not open gets a plain error, nothing encapsulated.
      Replies.send(response, 400, "text/plain", "OHTTP request does not open\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    BinaryResponse answer;
    try {
      BinaryRequest inner = BinaryRequest.decode(opened.request());
      if (!"POST".equals(inner.method()) || !SEALED_PATH.equals(inner.path())) {
        answer = BinaryResponse.of(404, Fields.of("content-type", "text/plain"),
            "only sealed chat completions pass through the gateway\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        CapturedResponse captured = new CapturedResponse(response);
        chat.sealed(inner.content(), captured);
        String retryAfter = captured.retryAfter();
        answer = BinaryResponse.of(captured.getStatus(), retryAfter == null
            ? Fields.of("content-type", captured.contentType())
            : Fields.of("content-type", captured.contentType(), "retry-after", retryAfter), captured.body());
      }
    } catch (SilkCryptoException e) {
      answer = BinaryResponse.of(400, Fields.of("content-type", "text/plain"),
          "not a Binary HTTP request\n".getBytes(StandardCharsets.US_ASCII));
    }
    Replies.send(response, 200, HttpBinding.OHTTP_RESPONSE_TYPE, opened.sealResponse(answer.encode()));
  }
}
