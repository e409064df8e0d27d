package dev.silk.node.http;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.node.LogSafe;
import dev.silk.node.payment.Countersigner;
import dev.silk.node.payment.PaymentDesk;
import dev.silk.node.registry.Registry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's small signed endpoints, bodies already read: channel status, cooperative close and
 * commit (spec-v1 §13.4, §13.5) and registry announcements (§14.1).
 */
final class ChannelRoutes {
  private static final Logger LOG = LoggerFactory.getLogger("silk.node");
  /** A channel refusal whose chain read may succeed a moment later. */
  private static final Duration CHAIN_RETRY = Duration.ofSeconds(1);

  private final PaymentDesk payments;
  private final Countersigner countersigner;
  private final Registry registry;
  private final Replies replies;

  ChannelRoutes(PaymentDesk payments, Countersigner countersigner, Registry registry, Replies replies) {
    this.payments = payments;
    this.countersigner = countersigner;
    this.registry = registry;
    this.replies = replies;
  }

  /** {@code POST /v1/channel/status}: the node's signed account of a channel. */
  void status(byte[] body, Response response) throws IOException {
    try {
      Replies.send(response, 200, HttpBinding.CHANNEL_STATUS_TYPE, payments.status(body).toBytes());
    } catch (SilkCryptoException e) {
      replies.refuse(response, statusOf(e.code()), e.code(), retryAfter(e.code()), e.code().wireName());
    } catch (SQLException e) {
      replies.refuse(response, 503, ErrorCode.OVERLOADED, CHAIN_RETRY, "ledger unavailable");
    }
  }

  /** {@code POST /v1/channel/close} or {@code /commit}: countersigns a cooperative message. */
  void cooperative(byte[] body, Response response, boolean close) throws IOException {
    try {
      Replies.send(response, 200, close ? HttpBinding.CHANNEL_CLOSE_TYPE : HttpBinding.CHANNEL_COMMIT_TYPE,
          close ? countersigner.close(body) : countersigner.commit(body));
    } catch (Countersigner.Refused e) {
      Replies.send(response, e.status, "application/json", ("{\"error\":\"" + e.getMessage().replace('"', '\'')
          + "\"}").getBytes(StandardCharsets.UTF_8));
    } catch (SQLException e) {
      replies.refuse(response, 503, ErrorCode.OVERLOADED, CHAIN_RETRY, "ledger unavailable");
    }
  }

  /** {@code POST /v1/registry/announce}. */
  void announce(byte[] body, Response response) throws IOException {
    try {
      registry.announce(body);
      response.setStatus(204);
      Content.Sink.write(response, true, ByteBuffer.allocate(0));
    } catch (SilkCryptoException e) {
      LOG.info("announcement refused: {}", LogSafe.text(e.code().wireName()));
      replies.refuse(response, e.code() == ErrorCode.BAD_SIGNATURE ? 401 : 400, e.code(), Duration.ZERO,
          e.code().wireName());
    }
  }

  private static int statusOf(ErrorCode code) {
    switch (code) {
      case BAD_SIGNATURE:
      case STALE_REQUEST:
        return 401;
      case RATE_LIMITED:
        return 429;
      case OVERLOADED:
        return 503;
      default:
        return 400;
    }
  }

  private static Duration retryAfter(ErrorCode code) {
    return code == ErrorCode.RATE_LIMITED || code == ErrorCode.OVERLOADED ? CHAIN_RETRY : Duration.ZERO;
  }
}
