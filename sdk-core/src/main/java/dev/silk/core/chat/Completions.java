package dev.silk.core.chat;

import dev.silk.core.RequestOptions;
import dev.silk.core.stream.StreamResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sealed chat completions: every call seals the request to the node's attested key and returns
 * only answers whose receipt verified. Sync, async and streaming forms share one core.
 * Thread-safe.
 */
public interface Completions {
  /** Sends the request and waits for the verified answer. */
  default ChatCompletion create(ChatCompletionCreateParams params) {
    return create(params, RequestOptions.defaults());
  }

  ChatCompletion create(ChatCompletionCreateParams params, RequestOptions options);

  /**
   * Sends the request without blocking. Cancelling the future cancels the HTTP call; it fails
   * with the same exceptions {@link #create} throws.
   */
  default CompletableFuture<ChatCompletion> createAsync(ChatCompletionCreateParams params) {
    return createAsync(params, RequestOptions.defaults());
  }

  CompletableFuture<ChatCompletion> createAsync(ChatCompletionCreateParams params, RequestOptions options);

  /** Starts a streamed answer; read it with the returned iterator and close it. */
  default StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params) {
    return createStreaming(params, RequestOptions.defaults());
  }

  StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params, RequestOptions options);

  /**
   * Streams the answer to {@code onChunk} on a background thread; the future completes with the
   * whole answer folded from the chunks, with its {@link ChatCompletion#verification()} (the
   * verified receipt from a Silk node), or fails. Cancelling it stops the stream.
   */
  CompletableFuture<ChatCompletion> stream(
      ChatCompletionCreateParams params, Consumer<ChatCompletionChunk> onChunk, RequestOptions options);
}
