package dev.silk.core.internal;

import dev.silk.core.RequestOptions;
import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.UnsupportedFeatureException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.json.ChatJson;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseChunk;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * The Silk protocol (spec-v1): requests sealed to the node's verified descriptor, answers
 * accepted only with a receipt that verifies. Thread-safe.
 */
final class SealedTransport implements Transport<SealedTransport.Attempt> {
  static final int MAX_ANSWER = 16 << 20;

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final NodeApi api;
  private final DescriptorCache descriptors;

  SealedTransport(OkHttpClient http, HttpUrl baseUrl, AttestationPolicy policy, Clock clock) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.api = new Retrofit.Builder().baseUrl(baseUrl).client(http).build().create(NodeApi.class);
    this.descriptors = new DescriptorCache(api, policy, clock);
  }

  VerifiedNode node() {
    return descriptors.current();
  }

  /** Everything one attempt needs: the verified node and the freshly sealed request. */
  static final class Attempt {
    final VerifiedNode node;
    final SealedRequest sealed;

    Attempt(VerifiedNode node, SealedRequest sealed) {
      this.node = node;
      this.sealed = sealed;
    }

    ResponseReader reader() {
      return sealed.responseReader(node.descriptor.signingKey());
    }
  }

  @Override
  public void check(ChatCompletionCreateParams params, RequestOptions options) {
    if (options.cocoon() != null) {
      throw new IllegalArgumentException("COCOON request options were given to a client of a Silk node");
    }
  }

  @Override
  public Budget.Reservation admit(Budget budget, ChatCompletionCreateParams params) {
    // Nodes serve in the spec's `free` mode until channel payments land; the price bound of a
    // paid request comes from the descriptor's prices then.
    return budget.reserve(TonAmount.ZERO);
  }

  @Override
  public Attempt prepare(ChatCompletionCreateParams params, boolean stream, RequestOptions options,
      Duration timeout) {
    VerifiedNode node = descriptors.current();
    if (!node.serves(params.model())) {
      throw new BadRequestException("unknown_model", "the node does not serve model '" + params.model() + "'", null);
    }
    RequestPayload payload = RequestPayload.builder()
        .model(params.model())
        .stream(stream)
        .body(ChatJson.write(Mapping.toWire(params, stream)))
        .build();
    // Each attempt seals anew: fresh request id, response key and HPKE ephemeral key.
    return new Attempt(node, RequestSealer.seal(payload, node.descriptor.recipient()));
  }

  @Override
  public Call<ResponseBody> call(Attempt a) {
    return api.sealedCompletion(NodeApi.envelope(a.sealed.envelope()));
  }

  @Override
  public ChatCompletion finish(Attempt a, Response<ResponseBody> response) {
    byte[] body = Failures.body(response, MAX_ANSWER);
    if (response.code() != 200) {
      throw Failures.fromStatus(a.node, response.code(), body);
    }
    ResponseReader reader = a.reader();
    try {
      ResponseChunk chunk = reader.read(body);
      if (!reader.isComplete()) {
        throw Failures.truncated();
      }
      if (reader.nodeError() != null) {
        throw Failures.fromNodeError(reader.nodeError());
      }
      return Mapping.completion(ChatJson.readCompletion(new String(chunk.data(), StandardCharsets.UTF_8)),
          Verification.silkReceipt(reader.receipt(), a.node.attestation));
    } catch (SilkCryptoException e) {
      throw Failures.verification(e);
    } catch (IOException e) {
      throw new VerificationException("malformed", "answer is not a chat completion", e);
    }
  }

  @Override
  public EventStream openStream(Attempt a, Duration idleTimeout, Duration openTimeout,
      Budget.Reservation reservation) {
    Request request = new Request.Builder()
        .url(baseUrl.resolve(NodeApi.SEALED_PATH))
        .post(NodeApi.envelope(a.sealed.envelope()))
        .build();
    return new SealedStream(http, request, a, idleTimeout, openTimeout, reservation).open();
  }

  @Override
  public boolean retriable(SilkException e, Attempt a) {
    if (e instanceof Failures.StaleDescriptorException) {
      descriptors.invalidate(a.node);
    }
    return Failures.retriable(e);
  }

  @Override
  public Budget.Reservation admitText(Budget budget, TextCompletionCreateParams params) {
    throw textUnsupported();
  }

  @Override
  public Exchange<TextCompletion> textExchange(TextCompletionCreateParams params, RequestOptions options,
      Duration timeout) {
    throw textUnsupported();
  }

  private static UnsupportedFeatureException textUnsupported() {
    return new UnsupportedFeatureException("legacy text completions are not part of Silk protocol v1 (chat only); "
        + "nothing was sent");
  }

  @Override
  public List<Model> models() {
    VerifiedNode node = descriptors.current();
    List<Model> models = new ArrayList<>();
    for (ModelInfo m : node.descriptor.descriptor().models()) {
      models.add(new Model(m.name(), node.descriptor.descriptor().nodeId().toHex(), 0,
          TonAmount.ofNanoton(m.promptNanotonPer1k()), TonAmount.ofNanoton(m.completionNanotonPer1k()),
          Collections.emptyList()));
    }
    return models;
  }
}
