package dev.silk.node.http;

import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;

/**
 * The one call that depends on Jetty 12.1.14's {@code org.eclipse.jetty.io.RateControl}, in a
 * class of its own: with an older Jetty 12.1 on the classpath (an app's managed version) only this
 * class fails to link, and {@link ServerGuard} keeps serving with Jetty's default.
 */
final class Http2ResetGuard {
  private Http2ResetGuard() {}

  static void allow(AbstractHTTP2ServerConnectionFactory factory, int eventsPerSecond) {
    factory.setRateControlFactory(new WindowRateControl.Factory(eventsPerSecond));
  }
}
