package dev.silk.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.observe.CallObservation;
import dev.silk.core.stream.StreamResponse;
import dev.silk.node.InjectedFault;
import dev.silk.testing.SilkTestNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every form of call, paid against a node of the testing kit, lands in the meters exactly once. */
class SilkObservationsTest {
  private SilkTestNode node;
  private MeterRegistry meters;
  private SilkClient client;

  @BeforeEach
  void start() throws Exception {
    node = SilkTestNode.builder().build();
    meters = new SimpleMeterRegistry();
    client = node.newClient(b -> b.observer(SilkObservations.observer(meters)).maxRetries(0));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    node.close();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(32).build();
  }

  private Timer timer(String outcome, String kind, String code) {
    return meters.find(SilkObservationConvention.NAME).tag("silk.outcome", outcome).tag("silk.kind", kind)
        .tag("silk.error.code", code).timer();
  }

  private double counter(String name, String... tags) {
    Counter c = meters.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void syncAsyncAndStreamedAnswersAreTimedAndTheirTokensAndCostCounted() throws Exception {
    ChatCompletion one = client.chat().completions().create(ask("one two three"));
    ChatCompletion two = client.chat().completions().createAsync(ask("four five")).get(30, TimeUnit.SECONDS);
    long streamedCost;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("six"))) {
      while (stream.hasNext()) {
        stream.next();
      }
      streamedCost = stream.cost().nanoton();
    }

    Timer chat = timer("success", "chat", "none");
    assertThat(chat.count()).isEqualTo(2);
    assertThat(chat.getId().getTag("silk.verification")).isEqualTo("silk_receipt");
    assertThat(chat.getId().getTag("silk.model")).isEqualTo("echo");
    assertThat(timer("success", "chat_stream", "none").count()).isEqualTo(1);
    assertThat(counter(SilkMeterObservationHandler.TOKENS, "silk.token.type", "completion")).isEqualTo(3 + 2 + 1);
    assertThat(counter(SilkMeterObservationHandler.TOKENS, "silk.token.type", "prompt"))
        .isEqualTo(one.usage().promptTokens() + two.usage().promptTokens() + 1);
    long cost = one.cost().nanoton() + two.cost().nanoton() + streamedCost;
    assertThat(cost).isPositive();
    assertThat(counter(SilkMeterObservationHandler.COST, "silk.model", "echo")).isEqualTo(cost);
  }

  @Test
  void failuresAreTimedByCodeAndVerificationFailuresCounted() {
    assertThatThrownBy(() -> client.chat().completions().create(ask("x").toBuilder().model("nope").build()))
        .hasMessageContaining("unknown_model");
    node.inject(InjectedFault.BAD_RECEIPT);
    assertThatThrownBy(() -> client.chat().completions().create(ask("forged"))).isInstanceOf(VerificationException.class);
    node.clearFaults();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("a b c"))) {
      stream.next();
    }

    assertThat(timer("failure", "chat", "unknown_model").count()).isEqualTo(1);
    assertThat(meters.find(SilkObservationConvention.NAME).tag("silk.outcome", "failure").tag("silk.kind", "chat")
        .timers()).hasSize(2);
    assertThat(counter(SilkMeterObservationHandler.VERIFICATION_FAILURES)).isEqualTo(1);
    assertThat(timer("cancelled", "chat_stream", "cancelled").count()).isEqualTo(1);
    assertThat(counter(SilkMeterObservationHandler.COST)).isZero();
  }

  @Test
  void anObserverThatThrowsChangesNothingForTheCall() throws Exception {
    try (SilkClient throwing = node.newClient(b -> b.observer(call -> {
      throw new IllegalStateException("observer broken");
    }))) {
      assertThat(throwing.chat().completions().create(ask("still fine")).content()).isEqualTo("still fine");
    }
    try (SilkClient throwingAtEnd = node.newClient(b -> b.observer(call -> CallObservation.onEnd((r, e) -> {
      throw new IllegalStateException("observer broken");
    })))) {
      assertThat(throwingAtEnd.chat().completions().create(ask("fine too")).content()).isEqualTo("fine too");
    }
  }
}
