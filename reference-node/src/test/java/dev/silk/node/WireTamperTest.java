package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.stream.StreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * A man in the middle on the real HTTP path (an OkHttp interceptor in the client's own
 * OkHttpClient) alters what the node sent; the client must refuse every altered answer.
 */
class WireTamperTest {
  private static final ChatCompletionCreateParams ASK = ChatCompletionCreateParams.builder()
      .model("echo").addMessage(ChatMessage.user("one two three four five six")).build();

  /** Rewrites the body of answers to sealed requests with {@code edit}. */
  private static OkHttpClient mitm(UnaryOperator<byte[]> edit) {
    Interceptor interceptor = chain -> {
      Response response = chain.proceed(chain.request());
      if (!chain.request().url().encodedPath().endsWith("/sealed/chat/completions") || response.code() != 200) {
        return response;
      }
      MediaType type = response.body().contentType();
      byte[] body = response.body().bytes();
      return response.newBuilder().body(ResponseBody.create(type, edit.apply(body))).build();
    };
    return new OkHttpClient.Builder().addInterceptor(interceptor).build();
  }

  private static SilkClient client(LocalNode local, OkHttpClient http) {
    return local.client(http, b -> b.maxRetries(0).streamIdleTimeout(Duration.ofSeconds(2)));
  }

  @Test
  void alteredResponseBytesAreRejected() throws Exception {
    try (LocalNode local = new LocalNode(b -> b);
        SilkClient client = client(local, mitm(body -> flip(body, body.length / 2)))) {
      assertThatThrownBy(() -> client.chat().completions().create(ASK))
          .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.code()).isEqualTo("decryption_failed"));
    }
  }

  @Test
  void verificationFailuresAreNeverRetried() throws Exception {
    java.util.concurrent.atomic.AtomicInteger sealedPosts = new java.util.concurrent.atomic.AtomicInteger();
    OkHttpClient tampering = mitm(body -> flip(body, body.length / 2)).newBuilder()
        .addInterceptor(chain -> {
          if (chain.request().url().encodedPath().endsWith("/sealed/chat/completions")) {
            sealedPosts.incrementAndGet();
          }
          return chain.proceed(chain.request());
        }).build();
    try (LocalNode local = new LocalNode(b -> b);
        SilkClient client = local.client(tampering, b -> b.maxRetries(5))) {
      assertThatThrownBy(() -> client.chat().completions().create(ASK)).isInstanceOf(VerificationException.class);
      assertThat(sealedPosts.get()).isEqualTo(1);
    }
  }

  @Test
  void reorderedStreamChunksAreRejected() throws Exception {
    try (LocalNode local = streamingNode();
        SilkClient client = client(local, mitm(body -> events(body, list -> {
          Collections.swap(list, 0, 1);
          return list;
        })))) {
      assertThat(streamFailure(client)).isEqualTo("stream_out_of_order");
    }
  }

  @Test
  void droppedFinalChunkIsRejected() throws Exception {
    try (LocalNode local = streamingNode();
        SilkClient client = client(local, mitm(body -> events(body, list -> list.subList(0, list.size() - 1))))) {
      assertThat(streamFailure(client)).isEqualTo("stream_truncated");
    }
  }

  @Test
  void droppedMiddleChunkIsRejected() throws Exception {
    try (LocalNode local = streamingNode();
        SilkClient client = client(local, mitm(body -> events(body, list -> {
          list.remove(1);
          return list;
        })))) {
      assertThat(streamFailure(client)).isEqualTo("stream_out_of_order");
    }
  }

  @Test
  void swappedDescriptorIsRejected() throws Exception {
    // The MITM serves another node's (valid, self-signed) descriptor: requests are sealed to a
    // key this node does not hold, and its answer cannot verify under the swapped key.
    try (LocalNode local = new LocalNode(b -> b); LocalNode other = new LocalNode(b -> b)) {
      byte[] foreign = other.node.descriptor().toBytes();
      Interceptor swap = chain -> {
        Response response = chain.proceed(chain.request());
        if (chain.request().url().encodedPath().endsWith("/v1/node")) {
          return response.newBuilder().body(ResponseBody.create(response.body().contentType(), foreign)).build();
        }
        return response;
      };
      try (SilkClient client = client(local, new OkHttpClient.Builder().addInterceptor(swap).build())) {
        assertThatThrownBy(() -> client.chat().completions().create(ASK)).isInstanceOf(SilkException.class);
      }
    }
  }

  private static LocalNode streamingNode() throws Exception {
    return new LocalNode(b -> b.echoDelay(Duration.ofMillis(10)).coalesce(Duration.ZERO));
  }

  private static String streamFailure(SilkClient client) {
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ASK)) {
      while (stream.hasNext()) {
        stream.next();
      }
      throw new AssertionError("the altered stream was accepted");
    } catch (VerificationException e) {
      return e.code();
    }
  }

  /** Splits an SSE body into events, edits the list, joins it again. */
  private static byte[] events(byte[] body, UnaryOperator<List<String>> edit) {
    List<String> events = new ArrayList<>(Arrays.asList(
        new String(body, java.nio.charset.StandardCharsets.US_ASCII).split("\n\n")));
    events.removeIf(String::isEmpty);
    assertThat(events).as("the tampering test needs several chunks").hasSizeGreaterThan(2);
    return (String.join("\n\n", edit.apply(events)) + "\n\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x40;
    return copy;
  }
}
