package dev.silk.core.internal.sealed;

import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.internal.ClientCore;
import dev.silk.core.internal.ClientSettings;
import dev.silk.core.internal.discovery.NodePool;
import dev.silk.core.internal.node.WireMark;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.envelope.HpkeSuite;
import java.time.Clock;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Builds the clients of Silk nodes: one node at a URL, or the nodes a source lists, with failover. */
public final class SealedClients {
  private SealedClients() {}

  /** A client of a Silk node: sealed requests, verified receipts. */
  public static ClientCore<?> client(OkHttpClient http, HttpUrl baseUrl, AttestationPolicy policy, Clock clock,
      PaymentProvider payments, Budget budget, ClientSettings settings, List<HpkeSuite> suites,
      boolean lengthBuckets) {
    return new ClientCore<>(SealedTransport.fixed(marking(http), baseUrl, policy, clock, payments, suites,
        lengthBuckets), budget, settings);
  }

  /** A client of the nodes a {@link NodeSource} lists: each request goes to a chosen node, with failover. */
  public static ClientCore<?> discoveringClient(OkHttpClient http, NodeSource source, DiscoveryOptions options,
      AttestationPolicy policy, Clock clock, boolean plainHttpBeyondLoopback, PaymentProvider payments, Budget budget,
      ClientSettings settings, List<HpkeSuite> suites, boolean lengthBuckets) {
    OkHttpClient marked = marking(http);
    return new ClientCore<>(new SealedTransport(new NodePool(source, options, policy, clock, marked,
        plainHttpBeyondLoopback, payments), payments, suites, lengthBuckets), budget, settings);
  }

  /** {@code http} with the interceptor that tells whether an attempt's bytes may have reached the node. */
  private static OkHttpClient marking(OkHttpClient http) {
    return http.newBuilder().addNetworkInterceptor(WireMark.INTERCEPTOR).build();
  }
}
