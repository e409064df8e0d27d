package dev.silk.core.internal;

import dev.silk.core.RequestOptions;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.SilkException;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import java.time.Duration;
import java.util.List;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * One wire protocol behind the shared {@link ClientCore}: what an attempt sends, how its answer
 * is checked, and which failures another attempt may cure. Implementations are thread-safe.
 *
 * @param <A> everything one attempt needs between sending and checking its answer
 */
public interface Transport<A> {
  /** Refuses what this transport cannot carry, before anything is sent. */
  void check(ChatCompletionCreateParams params, RequestOptions options);

  /** Admits one request into the budget at its maximum price (or unpriced). */
  Budget.Reservation admit(Budget budget, ChatCompletionCreateParams params, RequestOptions options);

  /**
   * Builds one attempt; each attempt is fresh (retries never resend the same bytes).
   *
   * @param previous the request's previous attempt, or null for the first
   */
  A prepare(ChatCompletionCreateParams params, boolean stream, RequestOptions options, Duration timeout, A previous);

  Call<ResponseBody> call(A attempt);

  /** Checks a whole answer and maps it, or throws the typed failure it carries. */
  ChatCompletion finish(A attempt, Response<ResponseBody> response);

  /** Starts a streamed attempt; the stream settles {@code reservation} when it ends. */
  EventStream openStream(A attempt, Duration idleTimeout, Duration openTimeout, Budget.Reservation reservation);

  /** The caller cancelled {@code attempt} while its call was in flight. */
  default void cancelled(A attempt) {
  }

  /**
   * The failure the caller sees once no attempt is left: {@code e}, or {@code e} with what the
   * attempt may have cost.
   */
  default SilkException surfaced(SilkException e, A attempt) {
    return e;
  }

  /** Whether another attempt may succeed after {@code e}; may refresh state (a stale descriptor). */
  boolean retriable(SilkException e, A attempt);

  List<Model> models();

  /**
   * The verified descriptor of the Silk node behind this transport (fetched on first use).
   *
   * @throws IllegalStateException where there is none (a COCOON runner)
   */
  default VerifiedNodeView silkNode() {
    throw new IllegalStateException("this client talks to a COCOON runner, which has no Silk descriptor");
  }

  /** Admits one legacy text completion into the budget. */
  Budget.Reservation admitText(Budget budget, TextCompletionCreateParams params);

  /**
   * A legacy text completion, where this transport carries one.
   *
   * @throws dev.silk.core.errors.UnsupportedFeatureException where it does not
   */
  Exchange<TextCompletion> textExchange(TextCompletionCreateParams params, RequestOptions options, Duration timeout);
}
