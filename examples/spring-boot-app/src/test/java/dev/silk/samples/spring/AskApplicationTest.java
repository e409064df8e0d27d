package dev.silk.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.payment.PaymentProvider;
import dev.silk.testing.SilkTestNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on a random port, against a paid local node of Silk's testing kit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AskApplicationTest {
  static final SilkTestNode NODE = start();

  static SilkTestNode start() {
    try {
      return SilkTestNode.builder().build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void silk(DynamicPropertyRegistry properties) {
    properties.add("silk.base-url", NODE::baseUrl);
    properties.add("silk.attestation.allow-insecure-dev-attestation", () -> "true");
    properties.add("silk.budget.max-total-spend-ton", () -> "1");
  }

  /** The testing kit's funded payment channel pays the node. */
  @TestConfiguration
  static class Payments {
    @Bean
    PaymentProvider payments() {
      return NODE.payments().orElseThrow();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    NODE.close();
  }

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  private HttpResponse<String> http(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    request = json == null ? request.GET()
        : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aQuestionGetsAPaidVerifiedAnswerThatTheMetersAndHealthShow() throws Exception {
    HttpResponse<String> answer = http("POST", "/ask", "{\"text\":\"Hello from Spring\"}");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"text\":\"Hello from Spring\"").contains("\"verification\":\"SILK_RECEIPT\"");
    assertThat(answer.body()).doesNotContain("\"costNanoton\":0");

    assertThat(meters.get("silk.client.requests").tag("silk.outcome", "success").timer().count()).isEqualTo(1);
    assertThat(meters.get("silk.client.cost").counter().count()).isPositive();

    HttpResponse<String> health = http("GET", "/actuator/health", null);
    assertThat(health.body()).contains("\"silk\":{").contains("\"attestation\":\"dev\"");
  }
}
