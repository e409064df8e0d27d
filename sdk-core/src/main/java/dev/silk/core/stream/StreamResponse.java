package dev.silk.core.stream;

import dev.silk.core.Verification;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.receipt.SignedReceipt;
import java.util.Iterator;

/**
 * A streamed answer, read in order; use it in try-with-resources. Each element is handed out
 * only after its chunk was checked (from a Silk node: decrypted and authenticated);
 * {@link #hasNext()} returns false only after the answer completed (from a Silk node: after the
 * final chunk's receipt was verified), and throws a
 * {@link dev.silk.core.errors.VerificationException} if the stream ends early. Not
 * thread-safe: one consumer.
 *
 * <pre>{@code
 * try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
 *   while (stream.hasNext()) {
 *     System.out.print(stream.next().delta());
 *   }
 *   System.out.println(stream.verification());
 * }
 * }</pre>
 */
public interface StreamResponse<T> extends Iterator<T>, AutoCloseable {
  /**
   * What was verified about the whole answer, and what it cost.
   *
   * @throws IllegalStateException before the stream has ended
   */
  Verification verification();

  /**
   * The verified receipt of the whole stream.
   *
   * @throws IllegalStateException before the stream has ended, or if the answer has none (from
   *     a COCOON runner)
   */
  SignedReceipt receipt();

  /**
   * What the answer cost.
   *
   * @throws IllegalStateException before the stream has ended
   */
  TonAmount cost();

  /** Stops reading and cancels the HTTP call; idempotent. */
  @Override
  void close();
}
