package dev.silk.spring.boot;

import dev.silk.core.SilkClient;
import dev.silk.core.observe.CallObserver;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.micrometer.SilkMeterObservationHandler;
import dev.silk.micrometer.SilkObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link SilkClient} bean from {@link SilkProperties}, unless the application defines its own.
 * A {@link PaymentProvider} bean pays nodes that charge; an {@link AttestationPolicy} bean
 * replaces {@code silk.attestation.*}; {@link SilkClientCustomizer} beans adjust the builder
 * last. With an {@code ObservationRegistry} (Spring Boot's Micrometer support), every call is
 * observed; with a {@code MeterRegistry} too, tokens, nanoTON and verification failures are
 * counted. Spring closes the client with the context.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(SilkClient.class)
@EnableConfigurationProperties(SilkProperties.class)
public class SilkAutoConfiguration {
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SilkClient silkClient(SilkProperties properties, ObjectProvider<PaymentProvider> payments,
      ObjectProvider<AttestationPolicy> policy, ObjectProvider<CallObserver> observer,
      ObjectProvider<SilkClientCustomizer> customizers) {
    SilkClient.Builder builder = SilkClient.builder().fromEnv(variables(properties));
    if (properties.getTimeout() != null) {
      builder.timeout(properties.getTimeout());
    }
    if (properties.getMaxRetries() != null) {
      builder.maxRetries(properties.getMaxRetries());
    }
    policy.ifAvailable(builder::attestationPolicy);
    payments.ifAvailable(builder::paymentProvider);
    observer.ifAvailable(builder::observer);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** The properties as the {@code SILK_*} variables they stand for: one reading of both. */
  static Map<String, String> variables(SilkProperties p) {
    Map<String, String> v = new LinkedHashMap<>();
    put(v, "SILK_BASE_URL", p.getBaseUrl());
    put(v, "SILK_COCOON_RUNNER_URL", p.getCocoonRunnerUrl());
    put(v, "SILK_REGISTRY_URL", p.getRegistry().getUrl());
    put(v, "SILK_REGISTRY_KEY", p.getRegistry().getKey());
    put(v, "SILK_TDX_IMAGE_HASHES", String.join(",", p.getAttestation().getTdxImageHashes()));
    put(v, "SILK_ALLOW_INSECURE_DEV_ATTESTATION",
        p.getAttestation().isAllowInsecureDevAttestation() ? "true" : null);
    put(v, "SILK_MAX_PER_REQUEST_TON", p.getBudget().getMaxPerRequestTon());
    put(v, "SILK_MAX_TOTAL_SPEND_TON", p.getBudget().getMaxTotalSpendTon());
    return v;
  }

  private static void put(Map<String, String> v, String name, String value) {
    if (value != null && !value.isEmpty()) {
      v.put(name, value);
    }
  }

  /** Micrometer observations of every call, when the application has an ObservationRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnProperty(prefix = "silk.observations", name = "enabled", matchIfMissing = true)
  static class SilkObservationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    CallObserver silkCallObserver(ObservationRegistry registry) {
      return SilkObservations.observer(registry);
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    SilkMeterObservationHandler silkMeterObservationHandler(MeterRegistry meters) {
      return new SilkMeterObservationHandler(meters);
    }
  }

  /** The {@code silk} health indicator, when the application has Spring Boot's health support. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class SilkHealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "silkHealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.silk", name = "enabled", matchIfMissing = true)
    SilkHealthIndicator silkHealthIndicator(SilkClient client) {
      return new SilkHealthIndicator(client);
    }
  }
}
