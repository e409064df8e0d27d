package dev.silk.core.stream;

import dev.silk.crypto.receipt.SignedReceipt;
import java.util.Iterator;

/**
 * A streamed answer, read in order; use it in try-with-resources. Each element is handed out
 * only after its chunk was decrypted and checked; {@link #hasNext()} returns false only after
 * the final chunk's receipt was verified, and throws a
 * {@link dev.silk.core.errors.VerificationException} if the stream ends without one. Not
 * thread-safe: one consumer.
 *
 * <pre>{@code
 * try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
 *   while (stream.hasNext()) {
 *     System.out.print(stream.next().delta());
 *   }
 *   SignedReceipt receipt = stream.receipt();
 * }
 * }</pre>
 */
public interface StreamResponse<T> extends Iterator<T>, AutoCloseable {
  /**
   * The verified receipt of the whole stream.
   *
   * @throws IllegalStateException before the stream has ended
   */
  SignedReceipt receipt();

  /** Stops reading and cancels the HTTP call; idempotent. */
  @Override
  void close();
}
