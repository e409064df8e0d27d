package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.registry.RegistryList;
import dev.silk.crypto.HttpBinding;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Test helper: waits until a registry lists the nodes that announce to it. */
final class Registries {
  private static final OkHttpClient HTTP = new OkHttpClient();

  private Registries() {}

  /** The registry's current list, unverified (tests of verification parse it themselves). */
  static RegistryList list(String registryUrl) throws Exception {
    try (Response r = HTTP.newCall(new Request.Builder().url(registryUrl + "/" + HttpBinding.REGISTRY).build()).execute()) {
      return RegistryList.parse(r.body().bytes());
    }
  }

  /** Waits (at most 20 s) until the registry at {@code registryUrl} lists {@code n} nodes. */
  static void awaitListed(String registryUrl, int n) throws Exception {
    long until = System.currentTimeMillis() + 20_000;
    int listed = list(registryUrl).entries().size();
    while (listed < n && System.currentTimeMillis() < until) {
      Thread.sleep(50);
      listed = list(registryUrl).entries().size();
    }
    assertThat(listed).as("nodes listed by the registry").isEqualTo(n);
  }
}
