package dev.silk.core.payment.remote;

import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPublicKey;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backend's end of the remote payment API: hands an app signed payment states from the
 * backend's own {@link PaymentProvider} (sdk-ton's channels), and feeds each attempt's outcome
 * back to it. Framework-agnostic: route {@code POST <prefix>/<operation>} to {@link #handle}
 * after authenticating the app's user, and send back the {@link Reply}. The backend's provider
 * applies its spending caps; the node checks every state anyway. Receipts and quotes are checked
 * against the node's key before the provider hears of them. Thread-safe.
 */
public final class RemotePaymentService {
  private final PaymentProvider provider;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong handles = new AtomicLong();

  public RemotePaymentService(PaymentProvider provider) {
    this.provider = provider;
  }

  /** An HTTP answer: status and JSON body. */
  public static final class Reply {
    public final int status;
    public final byte[] body;

    Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }
  }

  private static final class Pending {
    final PaymentAuthorization authorization;
    final SigningPublicKey nodeKey;

    Pending(PaymentAuthorization authorization, SigningPublicKey nodeKey) {
      this.authorization = authorization;
      this.nodeKey = nodeKey;
    }
  }

  /** The node's status was needed and not given: the app fetches it from the node and asks again. */
  private static final class StatusNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final byte[] signedRequest;

    StatusNeeded(byte[] signedRequest) {
      super(null, null, false, false);
      this.signedRequest = signedRequest;
    }
  }

  /**
   * Handles one operation: {@code authorize}, {@code settled}, {@code quoted} or {@code released}.
   * 200 or 204 on success; 409 with a status request when the node's channel status is needed
   * first; 402 when the provider refuses to pay (a cap, no channel); 400 for a malformed call.
   */
  public Reply handle(String operation, byte[] json) {
    try {
      switch (operation) {
        case "authorize":
          return authorize(RemotePaymentMessages.read(RemotePaymentMessages.Authorize.class, json));
        case "settled":
        case "quoted":
        case "released":
          return outcome(operation, RemotePaymentMessages.read(RemotePaymentMessages.Outcome.class, json));
        default:
          return refusal(404, "unknown_operation", "no operation '" + operation + "'");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof SilkException) {
        SilkException s = (SilkException) e;
        return refusal(402, s.code(), s.detail());
      }
      return refusal(400, "malformed", "not a " + operation + " call");
    }
  }

  private Reply authorize(RemotePaymentMessages.Authorize a) {
    SigningPublicKey nodeKey;
    try {
      nodeKey = SigningPublicKey.fromBytes(Hex.decode(a.nodeKey));
    } catch (SilkCryptoException e) {
      return refusal(400, "malformed", "node key");
    }
    PaymentTerms terms = PaymentTerms.tonChannel(Hex.decode(a.counterpartyKey), a.address, a.minDepositNanoton,
        a.maxInFlight);
    ModelInfo model = ModelInfo.builder(a.model, a.backend).prices(a.promptPer1k, a.completionPer1k)
        .maxCompletionTokens(a.maxCompletionTokens).build();
    byte[] givenStatus = a.status == null ? null : Base64.getDecoder().decode(a.status);
    PaymentRequest request = new PaymentRequest(nodeKey, terms, model, TonAmount.ofNanoton(a.maxCostNanoton),
        signedRequest -> {
          if (givenStatus == null) {
            throw new StatusNeeded(signedRequest);
          }
          try {
            return ChannelStatus.parse(givenStatus).verify(nodeKey);
          } catch (SilkCryptoException e) {
            throw new IllegalArgumentException("channel status not signed by the node", e);
          }
        });
    RemotePaymentMessages.Authorized out = new RemotePaymentMessages.Authorized();
    try {
      PaymentAuthorization authorization = provider.authorize(request);
      long handle = handles.incrementAndGet();
      pending.put(handle, new Pending(authorization, nodeKey));
      out.payment = Base64.getEncoder().encodeToString(authorization.payment());
      out.maxCostNanoton = authorization.maxCost().nanoton();
      out.handle = handle;
      return new Reply(200, RemotePaymentMessages.write(RemotePaymentMessages.Authorized.class, out));
    } catch (StatusNeeded needed) {
      out.statusRequest = Base64.getEncoder().encodeToString(needed.signedRequest);
      return new Reply(409, RemotePaymentMessages.write(RemotePaymentMessages.Authorized.class, out));
    }
  }

  private Reply outcome(String operation, RemotePaymentMessages.Outcome o) {
    Pending p = pending.remove(o.handle);
    if (p == null) {
      return refusal(404, "unknown_handle", "no authorization in flight with this handle");
    }
    try {
      if ("settled".equals(operation)) {
        SignedReceipt receipt = SignedReceipt.parse(Base64.getDecoder().decode(o.receipt));
        receipt.verify(p.nodeKey);
        provider.settled(p.authorization, receipt);
      } else if ("quoted".equals(operation)) {
        PaymentQuote quote = PaymentQuote.parse(Base64.getDecoder().decode(o.quote)).verify(p.nodeKey);
        provider.quoted(p.authorization, quote);
      } else {
        provider.released(p.authorization, o.mayHaveReachedNode);
      }
    } catch (SilkCryptoException e) {
      // A forged receipt or quote: the attempt counts as lost, so the next state resyncs.
      provider.released(p.authorization, true);
      return refusal(400, e.code().wireName(), operation + " with an object the node did not sign");
    }
    return new Reply(204, new byte[0]);
  }

  private static Reply refusal(int status, String code, String message) {
    RemotePaymentMessages.Refusal r = new RemotePaymentMessages.Refusal();
    r.code = code;
    r.message = message;
    return new Reply(status, RemotePaymentMessages.write(RemotePaymentMessages.Refusal.class, r));
  }
}
