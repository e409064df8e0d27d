package dev.silk.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A response that a route writes into memory instead of onto the connection: what the
 * Oblivious HTTP gateway encapsulates (status, content type, retry advice and body). Not
 * thread-safe; one per request.
 */
final class CapturedResponse extends Response.Wrapper {
  private final HttpFields.Mutable headers = HttpFields.build();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status = 200;

  CapturedResponse(Response connection) {
    super(connection.getRequest(), connection);
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setStatus(int code) {
    this.status = code;
  }

  @Override
  public HttpFields.Mutable getHeaders() {
    return headers;
  }

  @Override
  public boolean isCommitted() {
    return false;
  }

  @Override
  public void write(boolean last, ByteBuffer content, Callback callback) {
    if (content != null) {
      byte[] bytes = new byte[content.remaining()];
      content.get(bytes);
      body.write(bytes, 0, bytes.length);
    }
    callback.succeeded();
  }

  String contentType() {
    String type = headers.get(HttpHeader.CONTENT_TYPE);
    return type == null ? "application/octet-stream" : type;
  }

  String retryAfter() {
    return headers.get(HttpHeader.RETRY_AFTER);
  }

  byte[] body() {
    return body.toByteArray();
  }
}
