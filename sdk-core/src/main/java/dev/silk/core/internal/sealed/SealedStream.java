package dev.silk.core.internal.sealed;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.Mapping;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.internal.node.Failures;
import dev.silk.core.payment.Budget;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.ResponseChunk;
import dev.silk.crypto.envelope.ResponseReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A sealed streamed answer (spec-v1 §12): each event's data is one base64 chunk, opened in
 * order by a {@link ResponseReader}; the answer completes with the verified receipt. Not
 * thread-safe (one consumer).
 */
final class SealedStream extends EventStream {
  private final SealedAttempt attempt;
  private final ResponseReader reader;

  SealedStream(OkHttpClient http, Request request, SealedAttempt attempt, Duration idleTimeout,
      Duration openTimeout, Budget.Reservation reservation) {
    super(http, request, idleTimeout, openTimeout, reservation);
    this.attempt = attempt;
    this.reader = attempt.reader();
  }

  @Override
  protected SilkException failureOf(int status, byte[] body) {
    SilkException e = status == 402 ? SealedTransport.quoteOrStatus(attempt, status, body)
        : Failures.fromStatus(attempt.node, status, body);
    return e;
  }

  /** A node refuses a stream in its first and only chunk (commit_required, a quote): retried like whole answers. */
  @Override
  protected boolean refusalsOnOpen() {
    return true;
  }

  @Override
  protected void abandoned(boolean byCaller) {
    // A stream stopped before its receipt may have been charged for what was generated; stopped
    // by the caller, it says nothing about the node's health.
    attempt.released(byCaller ? NodeTarget.Outcome.STOPPED : NodeTarget.Outcome.BROKEN, Duration.ZERO);
  }

  @Override
  protected Verification decode(String data, Collection<ChatCompletionChunk> out) {
    try {
      ResponseChunk chunk = reader.read(Base64.getDecoder().decode(data));
      java.util.List<ChatCompletionChunk> chunks = Mapping.chunks(new String(chunk.data(), StandardCharsets.UTF_8));
      out.addAll(chunks);
      if (!reader.isComplete()) {
        return null;
      }
      if (reader.nodeError() != null) {
        attempt.released(NodeTarget.Outcome.REFUSED, Duration.ZERO);
        throw Failures.fromNodeError(reader.nodeError());
      }
      if (reader.paymentQuote() != null) {
        throw attempt.quoted(reader.paymentQuote());
      }
      if (!chunks.isEmpty()) {
        SealedTransport.checkUsage(attempt, chunks.get(chunks.size() - 1).usage(), reader.receipt());
      }
      attempt.settled(reader.receipt());
      return Verification.silkReceipt(reader.receipt(), attempt.node.attestation);
    } catch (SilkCryptoException e) {
      attempt.distrusted();
      throw Failures.verification(e);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("malformed", "stream event is not base64", e);
    } catch (IOException e) {
      throw new VerificationException("malformed", "stream chunk is not chat.completion.chunk JSON", e);
    }
  }
}
