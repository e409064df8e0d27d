package dev.silk.core.internal.cocoon;

import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.Mapping;
import dev.silk.core.internal.node.EventStream;
import dev.silk.core.json.ChatJson;
import dev.silk.core.payment.Budget;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A COCOON runner's streamed answer: OpenAI {@code chat.completion.chunk} events, usage with
 * costs in the last one, then {@code [DONE]}. Not thread-safe (one consumer).
 */
final class CocoonStream extends EventStream {
  private static final String DONE = "[DONE]";

  private final CocoonTransport transport;
  private final CocoonTransport.Attempt attempt;
  private ChatJson.Usage usage;

  CocoonStream(OkHttpClient http, Request request, CocoonTransport transport, CocoonTransport.Attempt attempt,
      Duration idleTimeout, Duration openTimeout, Budget.Reservation reservation) {
    super(http, request, idleTimeout, openTimeout, reservation);
    this.transport = transport;
    this.attempt = attempt;
  }

  @Override
  protected SilkException failureOf(int status, byte[] body) {
    return transport.failureOf(status, body);
  }

  @Override
  protected Verification decode(String data, Collection<ChatCompletionChunk> out) {
    if (DONE.equals(data.trim())) {
      return transport.verification(attempt, usage);
    }
    try {
      ChatJson.Completion c = ChatJson.readCompletion(data);
      if (c.usage != null) {
        usage = c.usage;
      }
      out.add(Mapping.chunk(c));
      return null;
    } catch (IOException | RuntimeException e) {
      throw new VerificationException("malformed", "stream event is not chat.completion.chunk JSON", e);
    }
  }
}
