package dev.silk.core.internal.node;

import dev.silk.core.discovery.NodeSource;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The discovery sources' GET through the client's {@code OkHttpClient}: 200 only, the body capped. Thread-safe. */
public final class HttpFetcher implements NodeSource.Fetcher {
  private final OkHttpClient http;

  public HttpFetcher(OkHttpClient http) {
    this.http = http;
  }

  @Override
  public byte[] get(String url, int maxBytes) throws IOException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IOException("not an http(s) URL: " + url);
    }
    try (Response r = http.newCall(new Request.Builder().url(parsed).get().build()).execute()) {
      if (r.code() != 200) {
        throw new IOException(url + " answered HTTP " + r.code());
      }
      return Failures.readCapped(r.body(), maxBytes);
    }
  }
}
