package dev.silk.node;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** What a node's Prometheus endpoint says, for tests. */
final class NodeMetrics {
  private NodeMetrics() {}

  /** The node's count of sealed requests that ended with {@code outcome} ("answered", "rejected_storage", ...). */
  static long sealedRequests(String baseUrl, String outcome) throws Exception {
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(baseUrl + "/metrics").build()).execute()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("silk_sealed_requests_total\\{outcome=\""
          + java.util.regex.Pattern.quote(outcome) + "\"\\} ([0-9.]+)").matcher(r.body().string());
      return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
  }
}
