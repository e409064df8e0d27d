package dev.silk.core.internal;

import dev.silk.core.observe.CallObserver;
import java.time.Duration;

/** The client-wide defaults every transport shares. Immutable. */
public final class ClientSettings {
  final Duration timeout;
  final int maxRetries;
  final Duration streamIdleTimeout;
  final Duration backoff;
  final CallObserver observer;

  public ClientSettings(Duration timeout, int maxRetries, Duration streamIdleTimeout, Duration backoff,
      CallObserver observer) {
    this.observer = observer;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.streamIdleTimeout = streamIdleTimeout;
    this.backoff = backoff;
  }
}
