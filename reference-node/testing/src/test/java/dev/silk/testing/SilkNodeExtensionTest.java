package dev.silk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.NodeErrorException;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.stream.StreamResponse;
import dev.silk.node.InjectedFault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testing kit as a user's integration test uses it (also the documented example): one paid
 * node for the class, a ready client as a parameter, and each fault a user may want to handle.
 */
class SilkNodeExtensionTest {
  @RegisterExtension
  static SilkNodeExtension silk = SilkNodeExtension.paid();

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(32).build();
  }

  @Test
  void aTestGetsAReadyPaidClient(SilkClient client) {
    ChatCompletion answer = client.chat().completions().create(ask("hello from my backend's test"));

    assertThat(answer.content()).isEqualTo("hello from my backend's test");
    assertThat(answer.cost().nanoton()).isPositive();
    assertThat(answer.receipt().receipt().cumulativeChargedNanoton())
        .isEqualTo(silk.node().payments().get().record().charged().nanoton());
  }

  @Test
  void aServerErrorIsTypedAndNothingIsCharged(SilkClient client) {
    long before = silk.node().payments().get().record().charged().nanoton();
    silk.node().inject(InjectedFault.SERVER_ERROR);

    assertThatThrownBy(() -> client.chat().completions().create(ask("500?")))
        .isInstanceOfSatisfying(NodeErrorException.class, e -> assertThat(e.code()).isEqualTo("http_500"));
    silk.node().clearFaults();
    client.chat().completions().create(ask("back"));
    assertThat(silk.node().payments().get().record().charged().nanoton()).isGreaterThan(before);
  }

  @Test
  void anUnsignedPaymentRequiredIsNeverActedOn(SilkClient client) {
    silk.node().inject(InjectedFault.PAYMENT_REQUIRED);

    assertThatThrownBy(() -> client.chat().completions().create(ask("402?")))
        .isInstanceOfSatisfying(PaymentRequiredException.class, e -> assertThat(e.quote()).isEmpty());
  }

  @Test
  void aBadReceiptFailsVerification(SilkClient client) {
    silk.node().inject(InjectedFault.BAD_RECEIPT);

    assertThatThrownBy(() -> client.chat().completions().create(ask("lie to me")))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void aDroppedStreamEndsWithAnErrorNotAnAnswer(SilkClient client) {
    silk.node().inject(InjectedFault.DROPPED_STREAM);
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      words.append("w").append(i).append(' ');
    }

    assertThatThrownBy(() -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
          ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(words.toString()))
              .maxTokens(200).build())) {
        while (stream.hasNext()) {
          stream.next();
        }
      }
    }).isInstanceOf(SilkException.class);
  }

  @Test
  void aSlowNodeMeetsTheCallersTimeout() {
    silk.node().slowDown(Duration.ofMillis(500));
    SilkClient impatient = silk.node().newClient(b -> b.timeout(Duration.ofMillis(200)).maxRetries(0));

    assertThatThrownBy(() -> impatient.chat().completions().create(ask("slow?")))
        .isInstanceOf(SilkTimeoutException.class);
  }
}
