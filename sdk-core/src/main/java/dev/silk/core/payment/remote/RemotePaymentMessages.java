package dev.silk.core.payment.remote;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON both sides of the remote payment API exchange (operations {@code authorize},
 * {@code settled}, {@code quoted}, {@code released}); binary values are standard base64, keys and
 * hashes hex. Internal to this package's two ends.
 */
final class RemotePaymentMessages {
  private static final Moshi MOSHI = new Moshi.Builder().build();

  private RemotePaymentMessages() {}

  static final class Authorize {
    @Json(name = "node_key") String nodeKey;
    String scheme;
    @Json(name = "counterparty_key") String counterpartyKey;
    String address;
    @Json(name = "min_deposit_nanoton") long minDepositNanoton;
    @Json(name = "max_in_flight") long maxInFlight;
    String model;
    String backend;
    @Json(name = "prompt_nanoton_per_1k") long promptPer1k;
    @Json(name = "completion_nanoton_per_1k") long completionPer1k;
    @Json(name = "max_completion_tokens") long maxCompletionTokens;
    @Json(name = "max_cost_nanoton") long maxCostNanoton;
    /** The node's signed channel status, when the backend asked for it (base64). */
    String status;
  }

  static final class Authorized {
    String payment;
    @Json(name = "max_cost_nanoton") long maxCostNanoton;
    long handle;
    /** Set instead of the rest when the backend needs the node's channel status first (base64). */
    @Json(name = "status_request") String statusRequest;
  }

  static final class Outcome {
    long handle;
    String receipt;
    String quote;
    @Json(name = "may_have_reached_node") boolean mayHaveReachedNode;
  }

  static final class Refusal {
    String code;
    String message;
  }

  static <T> byte[] write(Class<T> type, T value) {
    return MOSHI.adapter(type).toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  static <T> T read(Class<T> type, byte[] json) throws IOException {
    JsonAdapter<T> adapter = MOSHI.adapter(type);
    T value = adapter.fromJson(new String(json, StandardCharsets.UTF_8));
    if (value == null) {
      throw new IOException("empty JSON");
    }
    return value;
  }
}
