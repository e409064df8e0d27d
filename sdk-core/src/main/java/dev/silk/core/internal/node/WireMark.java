package dev.silk.core.internal.node;

import okhttp3.Interceptor;

/**
 * Whether any byte of an attempt's request may have left for the node. OkHttp calls network
 * interceptors only once a connection is up, right before it writes the request, and again for
 * each of its own silent retries; so an attempt whose mark stays unset never reached a node,
 * even if OkHttp retried it on a fresh connection that was then refused. Thread-safe.
 */
public final class WireMark {
  /** Sets the mark of the request it sees; installed on every Silk client's {@code OkHttpClient}. */
  public static final Interceptor INTERCEPTOR = chain -> {
    WireMark mark = chain.request().tag(WireMark.class);
    if (mark != null) {
      mark.sent = true;
    }
    return chain.proceed(chain.request());
  };

  private volatile boolean sent;

  public boolean mayHaveReachedNode() {
    return sent;
  }

  /** For a request that leaves by another way than the network interceptor (through a relay). */
  void markSent() {
    sent = true;
  }
}
