package dev.silk.node.http;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * How the node answers outside a sealed answer: plain bodies, and signed refusals (spec-v1 §10)
 * for requests not yet decrypted. Those refusals do not concern a request, so one signature per
 * kind is reused for a second: a flood of garbage costs no signature per request. Thread-safe.
 */
final class Replies {
  static final String ERROR_TYPE = HttpBinding.ERROR_TYPE;
  /** How long a signed refusal is reused. */
  static final Duration REUSE = Duration.ofSeconds(1);
  private static final int MAX_KINDS = 256;

  private final SigningPrivateKey signingKey;
  private final Clock clock;
  private final Map<String, Signed> signed = new ConcurrentHashMap<>();

  private static final class Signed {
    final byte[] bytes;
    final Instant until;

    Signed(byte[] bytes, Instant until) {
      this.bytes = bytes;
      this.until = until;
    }
  }

  Replies(SigningPrivateKey signingKey, Clock clock) {
    this.signingKey = signingKey;
    this.clock = clock;
  }

  /** A signed error that concerns no request, with an HTTP status (and Retry-After when set). */
  void refuse(Response response, int status, ErrorCode code, Duration retryAfter, String reason) throws IOException {
    if (!retryAfter.isZero()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.getSeconds())));
    }
    send(response, status, ERROR_TYPE, signedError(code, retryAfter, reason));
  }

  private byte[] signedError(ErrorCode code, Duration retryAfter, String reason) {
    Instant now = clock.instant();
    // Retry-after is rounded to whole seconds, the header's unit, so that refusals can be reused.
    Duration rounded = Duration.ofSeconds((retryAfter.toMillis() + 999) / 1000);
    String kind = code.wireName() + "/" + rounded.getSeconds() + "/" + reason;
    Signed cached = signed.get(kind);
    if (cached != null && now.isBefore(cached.until)) {
      return cached.bytes;
    }
    byte[] bytes = NodeError.sign(signingKey, code, null, rounded, reason, now).toBytes();
    if (signed.size() >= MAX_KINDS) {
      signed.clear();
    }
    signed.put(kind, new Signed(bytes, now.plus(REUSE)));
    return bytes;
  }

  static void send(Response response, int status, String type, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, ByteBuffer.wrap(body));
  }
}
