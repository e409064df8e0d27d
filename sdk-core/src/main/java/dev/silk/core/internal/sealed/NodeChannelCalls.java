package dev.silk.core.internal.sealed;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.internal.discovery.NodeTarget;
import dev.silk.core.internal.node.Failures;
import dev.silk.core.internal.node.NodeApi;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.core.payment.NodeChannel;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.payment.ChannelStatus;
import java.io.IOException;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * A verified node's channel endpoints (spec-v1 §13.4, §13.5), called back by a payment provider
 * as the {@link NodeChannel} of each payment request: the status verified under the node's
 * key, the commit countersignature returned for the caller to check. Thread-safe.
 */
final class NodeChannelCalls implements NodeChannel {
  private final NodeTarget target;
  private final VerifiedNode node;

  NodeChannelCalls(NodeTarget target, VerifiedNode node) {
    this.target = target;
    this.node = node;
  }

  /** Asks the node to countersign a cooperative commit (spec-v1 §13.5); the caller checks the signature. */
  @Override
  public byte[] countersignCommit(byte[] commitRequest) {
    Response<ResponseBody> response;
    try {
      response = target.api().channelCommit(RequestBody.create(NodeApi.CHANNEL_REQUEST, commitRequest))
          .execute();
    } catch (IOException e) {
      throw Failures.io(e);
    }
    byte[] body = Failures.body(response, 1 << 10);
    if (response.code() != 200 || body.length != 64) {
      throw new PaymentRequiredException("commit_refused", "the node did not countersign the commit (HTTP "
          + response.code() + ")", null);
    }
    return body;
  }

  /** Asks the node for its signed account of a channel (spec-v1 §13.4) and verifies it. */
  @Override
  public ChannelStatus status(byte[] signedRequest) {
    Response<ResponseBody> response;
    try {
      response = target.api().channelStatus(RequestBody.create(NodeApi.CHANNEL_REQUEST, signedRequest)).execute();
    } catch (IOException e) {
      throw Failures.io(e);
    }
    byte[] body = Failures.body(response, 1 << 16);
    if (response.code() != 200) {
      throw Failures.fromStatus(node, response.code(), body);
    }
    try {
      return ChannelStatus.parse(body).verify(node.descriptor.signingKey());
    } catch (SilkCryptoException e) {
      throw Failures.verification(e);
    }
  }
}
