package dev.silk.spring.boot;

import dev.silk.core.SilkClient;

/**
 * Adjusts the auto-configured client's builder after the properties were applied (an
 * OkHttpClient, a clock, discovery options ...). Beans of this type are applied in order.
 */
@FunctionalInterface
public interface SilkClientCustomizer {
  void customize(SilkClient.Builder builder);
}
