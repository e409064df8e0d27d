package dev.silk.ton.payment;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.payment.ChannelStatus;
import dev.silk.crypto.signature.SigningPublicKey;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.StackEntry;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelMessages;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The on-chain half of settling a channel as A (spec-v1 §13.5), for {@link ChannelPaymentProvider}:
 * reading the contract, the cooperative close and commit with the node's countersignature
 * checked under key B, and waiting until the chain shows the result. Holds no channel state of
 * its own (the provider decides balances and seqnos). Thread-safe.
 */
final class ChannelSettlement {
  private static final TonAmount MESSAGE_VALUE = TonAmount.ofTon("0.05");

  /** What the contract reports of an open channel. */
  static final class OnChain {
    final long depositA;
    final long depositB;
    final long committedA;
    final long committedB;

    private OnChain(List<StackEntry> data) {
      depositA = Exact.longOf(data.get(1).asElements().get(0).asNumber());
      depositB = Exact.longOf(data.get(1).asElements().get(1).asNumber());
      committedA = Exact.longOf(data.get(5).asElements().get(0).asNumber());
      committedB = Exact.longOf(data.get(5).asElements().get(1).asNumber());
    }
  }

  private final PaymentChannelConfig channel;
  private final ChannelSigner signer;

  ChannelSettlement(PaymentChannelConfig channel, ChannelSigner signer) {
    this.channel = channel;
    this.signer = signer;
  }

  /** The contract's deposits and committed seqnos; refused if the channel is not open. */
  OnChain readOpen(TonCenterClient ton) {
    List<StackEntry> data = channelData(ton);
    if (data.size() < 6 || data.get(0).asNumber().intValue() != 1) {
      throw new PaymentRequiredException("channel_not_open", "the channel is not open on chain", null);
    }
    return new OnChain(data);
  }

  /** A's seqno the contract has committed (0 if none, or not readable as open). */
  long committedSeqnoA(TonCenterClient ton) {
    List<StackEntry> data = channelData(ton);
    return data.size() < 6 ? 0 : Exact.longOf(data.get(5).asElements().get(0).asNumber());
  }

  private List<StackEntry> channelData(TonCenterClient ton) {
    return ton.runGetMethod(channel.address(), "get_channel_data", Collections.emptyList()).stack();
  }

  /**
   * Signs the cooperative close of these balances and seqnos, has {@code countersign} (the node)
   * countersign it, checks B's signature and sends the close from {@code walletA}.
   */
  void close(TonAmount balanceA, TonAmount balanceB, long seqnoA, long seqnoB, UnaryOperator<byte[]> countersign,
      TonCenterClient ton, TonWallet walletA) {
    byte[] signatureA = signer.signCooperativeClose(balanceA, balanceB, seqnoA, seqnoB);
    byte[] signatureB = countersign.apply(new CooperativeClose(channel.address(), balanceA, balanceB, seqnoA, seqnoB,
        signatureA).toBytes());
    checkB(ChannelSigner.cooperativeCloseHash(channel.channelId(), balanceA, balanceB, seqnoA, seqnoB), signatureB,
        "close");
    walletA.transfer(ton, Transfer.builder(channel.address(), MESSAGE_VALUE)
        .body(ChannelMessages.cooperativeClose(channel, balanceA, balanceB, seqnoA, seqnoB, signatureA, signatureB))
        .build());
  }

  /** Signs a commit of A's {@code seqnoA}, has the node countersign it, and sends it from {@code walletA}. */
  void commit(long seqnoA, UnaryOperator<byte[]> countersign, TonCenterClient ton, TonWallet walletA) {
    long seqnoB = readOpen(ton).committedB + 1;
    byte[] signatureA = signer.signCooperativeCommit(seqnoA, seqnoB);
    byte[] signatureB = countersign.apply(new CooperativeCommit(channel.address(), seqnoA, seqnoB, signatureA)
        .toBytes());
    checkB(ChannelSigner.cooperativeCommitHash(channel.channelId(), seqnoA, seqnoB), signatureB, "commit");
    walletA.transfer(ton, Transfer.builder(channel.address(), MESSAGE_VALUE)
        .body(ChannelMessages.cooperativeCommit(channel, seqnoA, seqnoB, signatureA, signatureB)).build());
  }

  /** Commits A's {@code seqnoA} (see {@link #commit}) and waits until the contract shows it. */
  void commitAndAwait(long seqnoA, UnaryOperator<byte[]> countersign, TonCenterClient ton, TonWallet walletA,
      Duration timeout) {
    commit(seqnoA, countersign, ton, walletA);
    await(() -> committedSeqnoA(ton) >= seqnoA, timeout, "the commit");
  }

  /** The node's signed account of the channel (spec-v1 §13.4), fetched over HTTP and verified under its key. */
  static ChannelStatus status(OkHttpClient http, String nodeBaseUrl, byte[] statusRequest, SigningPublicKey nodeKey) {
    try {
      return ChannelStatus.parse(post(http, nodeBaseUrl, HttpBinding.CHANNEL_STATUS, statusRequest)).verify(nodeKey);
    } catch (SilkCryptoException e) {
      throw new PaymentRequiredException(e.code().wireName(), "the node's channel status does not verify", e);
    }
  }

  private void checkB(byte[] hash, byte[] signatureB, String what) {
    if (!TonSecretKey.verify(channel.publicKey(Side.B), hash, signatureB)) {
      throw new PaymentRequiredException("bad_signature", "the node's " + what + " signature does not verify under "
          + "key B", null);
    }
  }

  /** Polls {@code done} every 250 ms until it holds; a timeout once {@code timeout} passed. */
  static void await(BooleanSupplier done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new SilkTimeoutException("timeout", "the chain did not show " + what + " within " + timeout, null);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SilkIoException("cancelled", "interrupted while waiting for " + what, e);
      }
    }
  }

  /** POSTs {@code body} to the node's {@code path}; the answer's body if it says 200. */
  static byte[] post(OkHttpClient http, String baseUrl, String path, byte[] body) {
    HttpUrl url = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    if (url == null) {
      throw new IllegalArgumentException("not a node URL: " + baseUrl);
    }
    Request request = new Request.Builder().url(url.resolve(path))
        .post(RequestBody.create(MediaType.get(HttpBinding.CHANNEL_REQUEST_TYPE), body)).build();
    try (Response response = http.newCall(request).execute()) {
      byte[] answer = response.body() == null ? new byte[0] : response.body().bytes();
      if (response.code() != 200) {
        throw new PaymentRequiredException("http_" + response.code(), "the node refused " + path + " (HTTP "
            + response.code() + ")", null);
      }
      return answer;
    } catch (java.io.IOException e) {
      throw new SilkIoException("io", "the node is unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
