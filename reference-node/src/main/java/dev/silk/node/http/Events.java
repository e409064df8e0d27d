package dev.silk.node.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/** A streamed answer as server-sent events (spec-v1 §10): one base64 sealed chunk per {@code data:} line. */
final class Events {
  private Events() {}

  static void start(Response response) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  static void send(Response response, byte[] chunk) throws IOException {
    Content.Sink.write(response, false, ByteBuffer.wrap(sse(chunk)));
  }

  static void last(Response response, byte[] chunk) throws IOException {
    Content.Sink.write(response, true, ByteBuffer.wrap(sse(chunk)));
  }

  private static byte[] sse(byte[] chunk) {
    return ("data: " + Base64.getEncoder().encodeToString(chunk) + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }
}
