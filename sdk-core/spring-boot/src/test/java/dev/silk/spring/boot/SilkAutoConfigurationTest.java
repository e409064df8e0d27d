package dev.silk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.chat.Tool;
import dev.silk.core.chat.ToolCall;
import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.micrometer.SilkMeterObservationHandler;
import dev.silk.micrometer.SilkObservationConvention;
import dev.silk.node.InjectedFault;
import dev.silk.testing.SilkTestNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter in a Spring context with Boot's own Micrometer auto-configuration, against a paid
 * reference node of the testing kit: the answer, a tool round trip, the meters' values, the
 * verified receipt, the health indicator, the caps and the policy from properties.
 */
class SilkAutoConfigurationTest {
  private static SilkTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = SilkTestNode.builder().build();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            SilkAutoConfiguration.class))
        .withBean(PaymentProvider.class, () -> node.payments().orElseThrow())
        .withPropertyValues("silk.base-url=" + node.baseUrl(), "silk.attestation.allow-insecure-dev-attestation=true",
            "silk.max-retries=0");
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(32).build();
  }

  @Test
  void aPaidVerifiedAnswerAndAToolRoundTripAreObservedInTheMeters() {
    runner().run(context -> {
      SilkClient client = context.getBean(SilkClient.class);
      MeterRegistry meters = context.getBean(MeterRegistry.class);

      ChatCompletion answer = client.chat().completions().create(ask("hello spring"));
      assertThat(answer.content()).isEqualTo("hello spring");
      assertThat(answer.receipt().receipt().completionTokens()).isEqualTo(2);

      Tool lookup = Tool.function("lookup", "Looks a word up", Map.of("type", "object"));
      ChatCompletionCreateParams withTool = ask("silk").toBuilder().addTool(lookup).build();
      ChatCompletion call = client.chat().completions().create(withTool);
      List<ToolCall> calls = call.choices().get(0).message().toolCalls();
      assertThat(calls).hasSize(1);
      ChatCompletion result = client.chat().completions().create(withTool.toBuilder()
          .addMessage(ChatMessage.assistantToolCalls(calls))
          .addMessage(ChatMessage.tool(calls.get(0).id(), "found silk")).build());
      assertThat(result.content()).isEqualTo("Tool result: found silk");

      Timer timer = meters.find(SilkObservationConvention.NAME).tag("silk.outcome", "success")
          .tag("silk.verification", "silk_receipt").tag("silk.model", "echo").timer();
      assertThat(timer).isNotNull();
      assertThat(timer.count()).isEqualTo(3);
      long cost = answer.cost().nanoton() + call.cost().nanoton() + result.cost().nanoton();
      assertThat(cost).isPositive();
      assertThat(meters.get(SilkMeterObservationHandler.COST).counter().count()).isEqualTo(cost);
      assertThat(meters.get(SilkMeterObservationHandler.TOKENS).tag("silk.token.type", "completion").counter().count())
          .isEqualTo(answer.usage().completionTokens() + call.usage().completionTokens()
              + result.usage().completionTokens());

      node.inject(InjectedFault.BAD_RECEIPT);
      try {
        assertThatThrownBy(() -> client.chat().completions().create(ask("forged")))
            .isInstanceOf(VerificationException.class);
      } finally {
        node.clearFaults();
      }
      assertThat(meters.get(SilkMeterObservationHandler.VERIFICATION_FAILURES).counter().count()).isEqualTo(1);
    });
  }

  @Test
  void theHealthIndicatorReportsTheVerifiedNode() {
    runner().run(context -> {
      Health health = context.getBean(SilkHealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("attestation", "dev")
          .containsEntry("node", context.getBean(SilkClient.class).node().nodeId().toHex());
    });
    // The default policy refuses a dev node: the indicator says so with the code.
    runner().withPropertyValues("silk.attestation.allow-insecure-dev-attestation=false").run(context -> {
      Health health = context.getBean(SilkHealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsKey("code");
    });
  }

  @Test
  void propertiesCapSpendingAndBadOnesFailTheContext() {
    runner().withPropertyValues("silk.budget.max-per-request-ton=0.000000001").run(context ->
        assertThatThrownBy(() -> context.getBean(SilkClient.class).chat().completions().create(ask("too dear")))
            .isInstanceOf(BudgetExceededException.class));
    runner().withPropertyValues("silk.budget.max-total-spend-ton=lots").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SILK_MAX_TOTAL_SPEND_TON");
    });
  }

  @Test
  void theJarCarriesConfigurationMetadataForIdes() throws Exception {
    try (java.io.InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("metadata written by spring-boot-configuration-processor").isNotNull();
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      for (String key : List.of("silk.base-url", "silk.registry.url", "silk.registry.key", "silk.cocoon-runner-url",
          "silk.attestation.tdx-image-hashes", "silk.attestation.allow-insecure-dev-attestation",
          "silk.budget.max-per-request-ton", "silk.budget.max-total-spend-ton", "silk.timeout", "silk.max-retries",
          "silk.observations.enabled")) {
        assertThat(json).contains("\"name\": \"" + key + "\"");
      }
      assertThat(json).contains("proves nothing");
    }
  }

  @Test
  void anApplicationsOwnClientAndDisabledObservationsAreRespected() {
    runner().withPropertyValues("silk.observations.enabled=false").run(context -> {
      context.getBean(SilkClient.class).chat().completions().create(ask("unobserved"));
      assertThat(context.getBean(MeterRegistry.class).find(SilkObservationConvention.NAME).timers()).isEmpty();
    });
    SilkClient own = node.newClient(b -> b);
    runner().withBean(SilkClient.class, () -> own).run(context ->
        assertThat(context.getBean(SilkClient.class)).isSameAs(own));
    own.close();
  }
}
