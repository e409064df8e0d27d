package dev.silk.core.completions;

import dev.silk.core.RequestOptions;
import java.util.concurrent.CompletableFuture;

/**
 * Legacy text completions: {@code client.completions().create(params)}. Served by a COCOON
 * runner ({@code /v1/completions}); Silk protocol v1 carries chat only, so a client of a Silk
 * node throws {@link dev.silk.core.errors.UnsupportedFeatureException} before sending anything.
 * Thread-safe.
 */
public interface TextCompletions {
  default TextCompletion create(TextCompletionCreateParams params) {
    return create(params, RequestOptions.defaults());
  }

  TextCompletion create(TextCompletionCreateParams params, RequestOptions options);

  default CompletableFuture<TextCompletion> createAsync(TextCompletionCreateParams params) {
    return createAsync(params, RequestOptions.defaults());
  }

  CompletableFuture<TextCompletion> createAsync(TextCompletionCreateParams params, RequestOptions options);
}
