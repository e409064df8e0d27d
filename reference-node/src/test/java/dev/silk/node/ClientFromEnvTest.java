package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.VerificationException;
import dev.silk.ton.payment.ChannelPaymentProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code SilkClient.fromEnv}: destination, attestation policy and spending caps, against a paid node. */
class ClientFromEnvTest {
  private static final ChatCompletionCreateParams ASK = ChatCompletionCreateParams.builder().model("echo")
      .addMessage(ChatMessage.user("from the environment")).maxTokens(16).build();

  private PaidNode paid;

  @BeforeEach
  void start() throws Exception {
    paid = PaidNode.start(b -> b);
  }

  @AfterEach
  void stop() throws Exception {
    paid.close();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("SILK_BASE_URL", paid.local.node.baseUrl());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void theEnvironmentGivesTheNodeThePolicyAndTheCaps() throws Exception {
    ChannelPaymentProvider pay = paid.provider();
    try (SilkClient client = SilkClient.builder().fromEnv(env("SILK_ALLOW_INSECURE_DEV_ATTESTATION", "true",
        "SILK_MAX_PER_REQUEST_TON", "1", "SILK_TIMEOUT_SECONDS", "20", "SILK_MAX_RETRIES", "1"))
        .paymentProvider(pay).build()) {
      ChatCompletion answer = client.chat().completions().create(ASK);
      assertThat(answer.content()).isEqualTo("from the environment");
      assertThat(answer.cost().nanoton()).isPositive();
    }
    try (SilkClient capped = SilkClient.builder().fromEnv(env("SILK_ALLOW_INSECURE_DEV_ATTESTATION", "true",
        "SILK_MAX_PER_REQUEST_TON", "0.000000001")).paymentProvider(pay).build()) {
      assertThatThrownBy(() -> capped.chat().completions().create(ASK)).isInstanceOf(BudgetExceededException.class);
    }
    // Without the explicit dev switch the default policy (TDX, empty allow-list) refuses the dev node.
    try (SilkClient strict = SilkClient.builder().fromEnv(env()).paymentProvider(pay).build()) {
      assertThatThrownBy(() -> strict.chat().completions().create(ASK)).isInstanceOf(VerificationException.class);
    }
  }

  @Test
  void badValuesNameTheirVariableAndUnknownOnesAreReported() {
    String[][] bad = {
        {"SILK_MAX_TOTAL_SPEND_TON", "lots"}, {"SILK_TIMEOUT_SECONDS", "-1"}, {"SILK_MAX_RETRIES", "two"},
        {"SILK_TDX_IMAGE_HASHES", "abcd"}, {"SILK_ALLOW_INSECURE_DEV_ATTESTATION", "yes"},
        {"SILK_REGISTRY_URL", "https://registry.example"}};
    for (String[] variable : bad) {
      assertThatThrownBy(() -> SilkClient.builder().fromEnv(env(variable[0], variable[1])))
          .as(variable[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(variable[0]);
    }
    List<String> warnings = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        warnings.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(dev.silk.core.internal.EnvironmentSettings.class.getName());
    logger.addHandler(handler);
    try {
      SilkClient.builder().fromEnv(env("SILK_MAX_TOTAL_SPEND", "1", "SILK_CI", "1"));
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("SILK_MAX_TOTAL_SPEND ") && !w.contains("SILK_CI "));
    assertThatThrownBy(() -> SilkClient.builder().fromEnv(new HashMap<>()).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
