package dev.silk.core.internal;

import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * One request answered whole, as {@link ClientCore} runs it: each attempt makes a fresh call,
 * the answer is checked and mapped, and the failure decides whether another attempt may help.
 * One instance per request; its attempts run one after another, never at once.
 *
 * @param <T> the answer type
 */
public interface Exchange<T> {
  /** Prepares the next attempt (fresh bytes) and returns its call. */
  Call<ResponseBody> nextAttempt();

  /** Checks the last attempt's answer and maps it, or throws the typed failure it carries. */
  T finish(Response<ResponseBody> response);

  /** Whether another attempt may succeed after the last attempt failed with {@code e}. */
  boolean retriable(SilkException e);

  /** The caller cancelled the attempt in flight (see {@link Transport#cancelled}). */
  default void cancelled() {
  }

  /** The failure the caller sees once no attempt is left (see {@link Transport#surfaced}). */
  default SilkException surfaced(SilkException e) {
    return e;
  }

  /** What the answer cost, for the budget. */
  TonAmount cost(T answer);
}
