package dev.silk.core.internal.sealed;

import dev.silk.core.RequestOptions;
import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.completions.TextCompletion;
import dev.silk.core.completions.TextCompletionCreateParams;
import dev.silk.core.errors.BadRequestException;
import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.errors.UnsupportedFeatureException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.Exchange;
import dev.silk.core.internal.Mapping;
import dev.silk.core.internal.Transport;
import dev.silk.core.internal.VerifiedNodeView;
import dev.silk.core.internal.discovery.FixedNode;
import dev.silk.core.internal.discovery.NodeChooser;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.internal.node.Failures;
import dev.silk.core.internal.node.NodeApi;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.core.internal.node.WireMark;
import dev.silk.core.json.ChatJson;
import dev.silk.core.models.Model;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.Recipient;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseChunk;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.payment.Pricing;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The Silk protocol (spec-v1): requests sealed to the node's verified descriptor, answers
 * accepted only with a receipt that verifies. Thread-safe.
 */
final class SealedTransport implements Transport<SealedAttempt> {
  static final int MAX_ANSWER = 16 << 20;

  private final NodeChooser nodes;
  private final PaymentProvider payments;
  /** The suites this client seals with, in preference order. */
  private final List<HpkeSuite> suites;
  /** Length hiding: requests and answers padded to length buckets (spec §4.3). */
  private final boolean lengthBuckets;

  SealedTransport(NodeChooser nodes, PaymentProvider payments, List<HpkeSuite> suites, boolean lengthBuckets) {
    this.nodes = nodes;
    this.payments = payments;
    this.suites = suites;
    this.lengthBuckets = lengthBuckets;
  }

  /** One node at {@code baseUrl}. */
  static SealedTransport fixed(OkHttpClient http, HttpUrl baseUrl, AttestationPolicy policy, Clock clock,
      PaymentProvider payments, List<HpkeSuite> suites, boolean lengthBuckets) {
    return new SealedTransport(new FixedNode(http, baseUrl, policy, clock), payments, suites, lengthBuckets);
  }

  VerifiedNode node() {
    return nodes.single();
  }

  @Override
  public VerifiedNodeView silkNode() {
    VerifiedNode node = node();
    return new VerifiedNodeView(node.descriptor, node.attestation);
  }

  @Override
  public void check(ChatCompletionCreateParams params, RequestOptions options) {
    if (options.cocoon() != null) {
      throw new IllegalArgumentException("COCOON request options were given to a client of a Silk node");
    }
  }

  @Override
  public Budget.Reservation admit(Budget budget, ChatCompletionCreateParams params, RequestOptions options) {
    // The priciest node that may take the request bounds what it can cost.
    long bound = 0;
    List<ModelInfo> prices = nodes.prices(params.model());
    if (!prices.isEmpty()) {
      // The streamed body is the longer one, so its bound covers either form.
      int bodyBytes = ChatJson.write(Mapping.toWire(params, true, options.extraBody())).length;
      for (ModelInfo m : prices) {
        bound = Math.max(bound, Pricing.maxCost(m, bodyBytes, params.maxTokens()));
      }
    }
    return budget.reserve(TonAmount.ofNanoton(bound));
  }

  @Override
  public SealedAttempt prepare(ChatCompletionCreateParams params, boolean stream, RequestOptions options,
      Duration timeout, SealedAttempt previous) {
    Set<NodeTarget> tried = previous == null ? new HashSet<>() : previous.tried;
    byte[] body = ChatJson.write(Mapping.toWire(params, stream, options.extraBody()));
    NodeTarget target = previous != null && previous.sameNodeAgain ? previous.target : null;
    VerifiedNode node;
    PaymentRequest paymentRequest;
    PaymentAuthorization payment;
    for (;;) {
      if (target == null) {
        target = nodes.choose(params.model(), tried);
      }
      tried.add(target);
      node = target.node();
      if (!node.serves(params.model())) {
        throw new BadRequestException("unknown_model", "the node does not serve model '" + params.model() + "'",
            null);
      }
      try {
        paymentRequest = paymentRequest(target, node, params, body);
        payment = paymentRequest == null ? null : payments.authorize(paymentRequest);
        break;
      } catch (PaymentRequiredException cannotPayThisOne) {
        // Nothing was sent; a pool may still have a node this client can pay (another may have
        // taken the last deposit between the choice and now).
        if (!nodes.failsOver()) {
          throw cannotPayThisOne;
        }
        target = null;
      }
    }
    Recipient recipient = node.descriptor.recipient(suites).orElse(null);
    if (recipient == null) {
      if (payment != null) {
        payments.released(payment, false);
      }
      throw new VerificationException(ErrorCode.UNSUPPORTED_SUITE.wireName(), "the node lists none of the suites"
          + " this client seals with " + suites + " (SilkClient.Builder.hpkeSuites)", null);
    }
    RequestPayload payload = RequestPayload.builder()
        .model(params.model())
        .stream(stream)
        .lengthBuckets(lengthBuckets)
        .body(body)
        .payment(payment == null ? new byte[0] : payment.payment())
        .build();
    // Each attempt seals anew: fresh request id, response key and HPKE ephemeral key.
    SealedRequest sealed = RequestSealer.seal(payload, recipient);
    int limit = node.descriptor.descriptor().maxEnvelopeBytes();
    if (sealed.envelopeLength() > limit) {
      if (payment != null) {
        payments.released(payment, false);
      }
      throw new BadRequestException("request_too_large", "the sealed request is " + sealed.envelopeLength()
          + " bytes; the node reads at most " + limit + " (its signed descriptor says so)", null);
    }
    SealedAttempt attempt = new SealedAttempt(target, node, sealed, tried, payments, payment,
        options.additionalHeaders());
    attempt.paymentRequest = paymentRequest;
    return attempt;
  }

  /** What the attempt's payment must cover under the node's signed terms, or null for a free node. */
  private PaymentRequest paymentRequest(NodeTarget target, VerifiedNode node, ChatCompletionCreateParams params,
      byte[] body) {
    PaymentTerms terms = node.descriptor.descriptor().payment();
    if (terms.isFree()) {
      return null;
    }
    if (!PaymentTerms.TON_CHANNEL.equals(terms.scheme())) {
      throw new PaymentRequiredException("unsupported_payment", "the node asks for payment scheme '"
          + terms.scheme() + "', which this client does not speak", null);
    }
    if (payments == null) {
      throw new PaymentRequiredException("payment_required", "the node asks for payment in TON; give the "
          + "client a PaymentProvider (sdk-ton's channel provider, for example)", null);
    }
    ModelInfo model = node.model(params.model());
    TonAmount maxCost = TonAmount.ofNanoton(Pricing.maxCost(model, body.length, params.maxTokens()));
    return new PaymentRequest(node.descriptor.signingKey(), terms, model, maxCost, new NodeChannelCalls(target, node));
  }

  @Override
  public Call<ResponseBody> call(SealedAttempt a) {
    return a.target.api().sealedCompletion(NodeApi.envelope(a.sealed.envelope()), a.headers, a.wire);
  }

  @Override
  public ChatCompletion finish(SealedAttempt a, Response<ResponseBody> response) {
    byte[] body = Failures.body(response, MAX_ANSWER);
    if (response.code() == 402) {
      throw quoteOrStatus(a, 402, body);
    }
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
      if (reader.paymentQuote() != null) {
        throw a.quoted(reader.paymentQuote());
      }
      SignedReceipt receipt = reader.receipt();
      ChatJson.Completion completion = ChatJson.readCompletion(new String(chunk.data(), StandardCharsets.UTF_8));
      ChatCompletion answer = Mapping.completion(completion, Verification.silkReceipt(receipt, a.node.attestation));
      checkUsage(a, answer.usage(), receipt);
      a.settled(receipt);
      return answer;
    } catch (SilkCryptoException e) {
      a.distrusted();
      throw Failures.verification(e);
    } catch (IOException e) {
      a.distrusted();
      throw new VerificationException("malformed", "answer is not a chat completion", e);
    }
  }

  /**
   * The answer's JSON usage must state the token counts its receipt charged for (spec-v1 §6.3):
   * else the node is distrusted and the answer discarded.
   */
  static void checkUsage(SealedAttempt a, dev.silk.core.chat.Usage usage, SignedReceipt receipt) {
    if (usage != null && (usage.promptTokens() != receipt.receipt().promptTokens()
        || usage.completionTokens() != receipt.receipt().completionTokens())) {
      a.distrusted();
      throw new VerificationException("receipt_mismatch", "the answer's usage (" + usage.promptTokens() + " + "
          + usage.completionTokens() + " tokens) differs from its receipt's (" + receipt.receipt().promptTokens()
          + " + " + receipt.receipt().completionTokens() + ")", null);
    }
  }

  /**
   * A 402 answer: the sealed quote it should carry (spec-v1 §13.3), verified and bound to the
   * attempt; anything else is only its status.
   */
  static SilkException quoteOrStatus(SealedAttempt a, int status, byte[] body) {
    ResponseReader reader = a.reader();
    try {
      reader.read(body);
      if (reader.paymentQuote() != null) {
        return a.quoted(reader.paymentQuote());
      }
    } catch (SilkCryptoException notSealed) {
      // Not a sealed quote (a proxy's 402, or a node error before decryption): its status alone.
    }
    return Failures.fromStatus(a.node, status, body);
  }

  @Override
  public EventStream openStream(SealedAttempt a, Duration idleTimeout, Duration openTimeout,
      Budget.Reservation reservation) {
    Request request = new Request.Builder()
        .url(a.target.baseUrl().resolve(HttpBinding.SEALED_CHAT))
        .tag(WireMark.class, a.wire)
        .post(NodeApi.envelope(a.sealed.envelope()))
        .build();
    return new SealedStream(a.target.api().http(), request, a, idleTimeout, openTimeout, reservation).open();
  }

  @Override
  public void cancelled(SealedAttempt a) {
    if (a != null) {
      // The call may have reached the node before the caller cancelled it: it may have been charged.
      a.released(NodeTarget.Outcome.STOPPED, Duration.ZERO);
    }
  }

  @Override
  public SilkException surfaced(SilkException e, SealedAttempt a) {
    if (a == null || a.payment == null || !a.atRisk) {
      return e;
    }
    TonAmount risk = a.payment.maxCost();
    String detail = e.detail() + " (it may have reached the node: up to " + risk + " may have been charged; the "
        + "channel resyncs with the node's signed status before the next payment)";
    if (e instanceof SilkTimeoutException) {
      return new SilkTimeoutException(e.code(), detail, e.getCause(), risk);
    }
    if (e instanceof SilkIoException) {
      return new SilkIoException(e.code(), detail, e.getCause(), risk);
    }
    return e;
  }

  @Override
  public boolean retriable(SilkException e, SealedAttempt a) {
    if (e instanceof Failures.StaleDescriptorException) {
      a.target.invalidate(a.node);
    }
    if (e instanceof VerificationException) {
      a.distrusted();
      return false;
    }
    if (e instanceof PaymentRequiredException && "commit_required".equals(e.code()) && a.paymentRequest != null) {
      // Signed by the node, nothing charged: commit on chain (the provider throws if it cannot),
      // then the same node again.
      a.released(NodeTarget.Outcome.REFUSED, Duration.ZERO);
      payments.commitRequired(a.paymentRequest);
      a.sameNodeAgain = true;
      return true;
    }
    if (e instanceof PaymentRequiredException && ((PaymentRequiredException) e).quote().isPresent()) {
      // The provider took the quote into account: another attempt carries a covering state.
      return a.payment != null;
    }
    boolean notReached = !a.wire.mayHaveReachedNode();
    // A signed refusal says the node is alive and charged nothing.
    boolean refused = e instanceof RateLimitedException || e instanceof BadRequestException
        || e instanceof Failures.StaleDescriptorException;
    a.released(notReached ? NodeTarget.Outcome.NOT_REACHED : refused ? NodeTarget.Outcome.REFUSED
        : NodeTarget.Outcome.BROKEN, e instanceof RateLimitedException ? ((RateLimitedException) e).retryAfter()
        : Duration.ZERO);
    if (nodes.failsOver()) {
      // Another node only if this one never saw the request or refused it with its signature:
      // a request that may have been served is never sent twice, so never paid twice.
      return notReached || e instanceof RateLimitedException || e instanceof Failures.StaleDescriptorException;
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
    List<Model> models = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SignedDescriptor d : nodes.candidates()) {
      for (ModelInfo m : d.descriptor().models()) {
        if (seen.add(m.name())) {
          models.add(new Model(m.name(), d.nodeId().toHex(), 0, TonAmount.ofNanoton(m.promptNanotonPer1k()),
              TonAmount.ofNanoton(m.completionNanotonPer1k()), Collections.emptyList()));
        }
      }
    }
    return models;
  }
}
