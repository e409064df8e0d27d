package dev.silk.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The COCOON example against WireMock standing in for a COCOON client runner. */
class CocoonChatTest {
  private WireMockServer runner;

  @BeforeEach
  void start() {
    runner = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    runner.start();
    runner.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"object\":\"list\","
        + "\"data\":[{\"id\":\"Qwen/Qwen3-32B\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"cocoon\","
        + "\"workers\":[{\"coefficient\":1000,\"running_requests\":0,\"max_running_requests\":8}]}]}")));
    runner.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"Qwen/Qwen3-32B\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A tab settled later.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
        + "\"prompt_total_cost\":1200,\"completion_total_cost\":1300,\"total_cost\":2500}}")));
  }

  @AfterEach
  void stop() {
    runner.stop();
  }

  @Test
  void printsTheAnswerItsCostInTonAndItsVerificationLevel() throws Exception {
    String out = Stdout.of(() -> CocoonChat.main(new String[] {"http://127.0.0.1:" + runner.port()}));
    assertThat(out).contains("model        Qwen/Qwen3-32B");
    assertThat(out).contains("answer       A tab settled later.");
    assertThat(out).contains("cost         0.0000025 TON (2500 nanoTON)");
    assertThat(out).contains("verification transport-attested by the COCOON runner");
  }
}
