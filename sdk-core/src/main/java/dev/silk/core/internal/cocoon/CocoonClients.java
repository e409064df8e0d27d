package dev.silk.core.internal.cocoon;

import dev.silk.core.cocoon.CocoonNative;
import dev.silk.core.cocoon.CocoonOptions;
import dev.silk.core.internal.ClientCore;
import dev.silk.core.internal.ClientSettings;
import dev.silk.core.payment.Budget;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Builds the clients of COCOON: through a client runner, or natively through attested proxies. */
public final class CocoonClients {
  private CocoonClients() {}

  /** A client of a COCOON client runner: plain JSON, the runner's word. */
  public static ClientCore<?> runnerClient(OkHttpClient http, HttpUrl baseUrl, CocoonOptions defaults, Budget budget,
      ClientSettings settings) {
    return new ClientCore<>(new CocoonTransport(http, baseUrl, defaults), budget, settings);
  }

  /** A client of COCOON's network itself: attested proxies, COCOON's protocol behind the runner's HTTP shape. */
  public static ClientCore<?> nativeClient(OkHttpClient http, CocoonNative cocoon, Clock clock, Budget budget,
      ClientSettings settings) {
    CocoonGateway gateway = new CocoonGateway(cocoon, http, clock);
    OkHttpClient served = http.newBuilder().addInterceptor(new CocoonInterceptor(gateway)).build();
    CocoonOptions defaults = CocoonOptions.builder().maxCoefficient(cocoon.maxCoefficient()).build();
    return new ClientCore<>(new CocoonTransport(served, HttpUrl.get("http://cocoon.native.invalid/"), defaults,
        gateway), budget, settings);
  }
}
