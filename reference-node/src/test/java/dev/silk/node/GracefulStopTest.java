package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A stopping node (SIGTERM, a rolling deploy of replicas) finishes what it holds within its
 * drain timeout and takes nothing new; with no drain it cuts what it holds.
 */
class GracefulStopTest {
  private static final ChatCompletionCreateParams SLOW = ChatCompletionCreateParams.builder().model("echo")
      .addMessage(ChatMessage.user("one two three four five six")).build();

  @Test
  void aStoppingNodeAnswersWhatItHoldsAndTakesNothingNew() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.echoDelay(Duration.ofMillis(200))
        .limits(l -> l.drainTimeout(Duration.ofSeconds(30))))) {
      String url = local.node.baseUrl();
      try (SilkClient client = local.client(new OkHttpClient(), c -> c.maxRetries(0))) {
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> client.chat().completions()
            .create(SLOW).content());
        awaitInFlight(url);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
          try {
            local.node.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo("one two three four five six");
        stopping.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new OkHttpClient().newCall(new Request.Builder().url(url + "/health").build())
            .execute().close()).as("nothing new once stopped").isInstanceOf(java.io.IOException.class);
      }
      local.node = SilkNode.start(local.config); // LocalNode.close() stops it again
    }
  }

  @Test
  void withoutADrainTheRequestInFlightIsCut() throws Exception {
    try (LocalNode local = new LocalNode(b -> b.echoDelay(Duration.ofMillis(200))
        .limits(l -> l.drainTimeout(Duration.ZERO)))) {
      try (SilkClient client = local.client(new OkHttpClient(), c -> c.maxRetries(0))) {
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> client.chat().completions()
            .create(SLOW).content());
        awaitInFlight(local.node.baseUrl());
        local.node.close();
        assertThatThrownBy(() -> held.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SilkException.class);
      }
      local.node = SilkNode.start(local.config);
    }
  }

  /** Waits until the node reports one sealed request in flight (its metrics), at most 30 s. */
  private static void awaitInFlight(String url) throws Exception {
    OkHttpClient http = new OkHttpClient();
    for (int i = 0; i < 600; i++) {
      try (Response r = http.newCall(new Request.Builder().url(url + "/metrics").build()).execute()) {
        if (r.body().string().contains("silk_requests_in_flight 1.0")) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the request never got in flight");
  }
}
