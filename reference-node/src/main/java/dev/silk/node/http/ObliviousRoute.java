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
 * request inside through the same routes as a direct request (only those a client needs: the
 * descriptor, models, sealed chat completions and the channel routes; see {@link Inner}), and
 * encapsulates the whole answer. The node sees the relay's address, never the client's; the relay
 * sees neither prompt nor answer (both are sealed twice). Answers are not streamed: the Binary
 * HTTP response is known-length. Thread-safe.
 */
final class ObliviousRoute {
  /** The routes reachable through the gateway. */
  interface Inner {
    /** Answers {@code method path} with {@code body} into {@code response}; false if the route is not reachable. */
    boolean serve(String method, String path, byte[] body, Response response) throws IOException;
  }

  private final ObliviousGateway gateway;
  private final Inner inner;
  private final byte[] keys;

  ObliviousRoute(ObliviousGateway gateway, Inner inner) {
    this.gateway = gateway;
    this.inner = inner;
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
      BinaryRequest request = BinaryRequest.decode(opened.request());
      CapturedResponse captured = new CapturedResponse(response);
      if (inner.serve(request.method(), request.path(), request.content(), captured)) {
        String retryAfter = captured.retryAfter();
        answer = BinaryResponse.of(captured.getStatus(), retryAfter == null
            ? Fields.of("content-type", captured.contentType())
            : Fields.of("content-type", captured.contentType(), "retry-after", retryAfter), captured.body());
      } else {
        answer = BinaryResponse.of(404, Fields.of("content-type", "text/plain"),
            "not reachable through the gateway\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (SilkCryptoException e) {
      answer = BinaryResponse.of(400, Fields.of("content-type", "text/plain"),
          "not a Binary HTTP request\n".getBytes(StandardCharsets.US_ASCII));
    }
    Replies.send(response, 200, HttpBinding.OHTTP_RESPONSE_TYPE, opened.sealResponse(answer.encode()));
  }
}
