package dev.silk.ton.payment;

import dev.silk.core.errors.PaymentRequiredException;
import dev.silk.core.payment.PaymentAuthorization;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.core.payment.PaymentRequest;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.channel.ChannelOpener;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.internal.Digests;
import dev.silk.ton.wallet.TonWallet;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pays many nodes, one payment channel each (for a discovery client): the channel with a node is
 * opened from the client's wallet the first time a request goes to that node, with a fixed
 * deposit, and only while the deposits locked stay within a cap; each channel is then paid by
 * its own {@link ChannelPaymentProvider}, all sharing one durable {@link ChannelStore}. The
 * channel id is derived from both keys, so after a restart the same channel (and its saved
 * record) is found again instead of a new one opened. A discovery client asks
 * {@link #canPay} and {@link #paysWithoutOpening} to choose nodes it can pay, preferring open
 * channels. Thread-safe.
 *
 * <pre>{@code
 * NodeChannels pay = NodeChannels.builder().ton(ton).wallet(wallet, key)
 *     .depositPerChannel(TonAmount.ofTon("1")).maxDepositLocked(TonAmount.ofTon("5"))
 *     .store(new FileChannelStore(dir)).build();
 * SilkClient client = SilkClient.builder().discovery(source).paymentProvider(pay).build();
 * }</pre>
 */
public final class NodeChannels implements PaymentProvider {
  private final TonCenterClient ton;
  private final TonWallet wallet;
  private final TonSecretKey key;
  private final TonAmount depositPerChannel;
  private final TonAmount maxDepositLocked;
  private final ChannelStore store;
  private final Duration openTimeout;
  private final Map<String, ChannelPaymentProvider> channels = new ConcurrentHashMap<>();
  private final Map<PaymentAuthorization, ChannelPaymentProvider> pending =
      Collections.synchronizedMap(new IdentityHashMap<>());
  /** Deposits reserved or locked; written only under {@link #opening}, read without waiting. */
  private volatile TonAmount locked = TonAmount.ZERO;
  /** Held while a channel is opened (seconds, on chain), so that opens never pass the cap together. */
  private final Object opening = new Object();

  private NodeChannels(Builder b) {
    this.ton = b.ton;
    this.wallet = b.wallet;
    this.key = b.key;
    this.depositPerChannel = b.depositPerChannel;
    this.maxDepositLocked = b.maxDepositLocked;
    this.store = b.store;
    this.openTimeout = b.openTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean canPay(PaymentTerms terms) {
    return paysWithoutOpening(terms) || canOpen(terms);
  }

  @Override
  public boolean paysWithoutOpening(PaymentTerms terms) {
    return PaymentTerms.TON_CHANNEL.equals(terms.scheme()) && channels.containsKey(keyOf(terms));
  }

  /** Never waits for an open in progress: a discovery client asks this while choosing a node. */
  private boolean canOpen(PaymentTerms terms) {
    return PaymentTerms.TON_CHANNEL.equals(terms.scheme())
        && depositPerChannel.nanoton() >= terms.minDepositNanoton()
        && !locked.plus(depositPerChannel).isGreaterThan(maxDepositLocked);
  }

  /** How many channels this provider has opened or found again. */
  public int channelCount() {
    return channels.size();
  }

  /** The channel with the node whose key B is {@code counterpartyKey}, if any. */
  public java.util.Optional<ChannelPaymentProvider> channelWith(byte[] counterpartyKey) {
    return java.util.Optional.ofNullable(channels.get(dev.silk.crypto.encoding.Hex.encode(counterpartyKey)));
  }

  @Override
  public PaymentAuthorization authorize(PaymentRequest request) {
    ChannelPaymentProvider channel = channelFor(request.terms());
    PaymentAuthorization authorization = channel.authorize(request);
    pending.put(authorization, channel);
    return authorization;
  }

  /** Commits the node's channel from the wallet, as the node asked. */
  @Override
  public void commitRequired(PaymentRequest request) {
    channelFor(request.terms()).commitRequired(request);
  }

  @Override
  public void settled(PaymentAuthorization authorization, SignedReceipt receipt) {
    owner(authorization).settled(authorization, receipt);
  }

  @Override
  public void quoted(PaymentAuthorization authorization, PaymentQuote quote) {
    owner(authorization).quoted(authorization, quote);
  }

  @Override
  public void released(PaymentAuthorization authorization, boolean mayHaveReachedNode) {
    owner(authorization).released(authorization, mayHaveReachedNode);
  }

  private ChannelPaymentProvider owner(PaymentAuthorization authorization) {
    ChannelPaymentProvider channel = pending.remove(authorization);
    if (channel == null) {
      throw new IllegalStateException("an authorization this provider did not make, or already ended");
    }
    return channel;
  }

  private ChannelPaymentProvider channelFor(PaymentTerms terms) {
    if (!PaymentTerms.TON_CHANNEL.equals(terms.scheme())) {
      throw new PaymentRequiredException("unsupported_payment", "the node asks for payment scheme '"
          + terms.scheme() + "'", null);
    }
    String id = keyOf(terms);
    ChannelPaymentProvider known = channels.get(id);
    if (known != null) {
      return known;
    }
    synchronized (opening) {
      known = channels.get(id);
      if (known != null) {
        return known;
      }
      if (!canOpen(terms)) {
        throw new PaymentRequiredException("deposit_cap", "opening a channel of " + depositPerChannel + " with this "
            + "node would pass the cap on deposits locked (" + maxDepositLocked + ", locked " + locked
            + ") or miss its minimum deposit; nothing was sent", null);
      }
      PaymentChannelConfig config = PaymentChannelConfig.builder()
          .channelId(channelId(key.publicKey(), terms.counterpartyKey()))
          .publicKeyA(key.publicKey()).publicKeyB(terms.counterpartyKey())
          .addressA(wallet.address()).addressB(TonAddress.parse(terms.address()))
          .build();
      // Reserve the deposit before the chain is touched, so that concurrent opens cannot pass the cap.
      locked = locked.plus(depositPerChannel);
      try {
        ChannelOpener.open(ton, wallet, config, ChannelSigner.of(config, Side.A, key), depositPerChannel, openTimeout);
        ChannelPaymentProvider channel = ChannelPaymentProvider.builder().channel(config).key(key)
            .deposit(depositPerChannel).store(store).settlement(ton, wallet).build();
        channels.put(id, channel);
        return channel;
      } catch (IOException | RuntimeException e) {
        locked = locked.minus(depositPerChannel);
        if (e instanceof RuntimeException) {
          throw (RuntimeException) e;
        }
        throw new PaymentRequiredException("channel_store", "cannot read the channel store: " + e.getMessage(), null);
      }
    }
  }

  private static String keyOf(PaymentTerms terms) {
    return dev.silk.crypto.encoding.Hex.encode(terms.counterpartyKey());
  }

  /** 128 bits of SHA-256 over both keys: the same pair always names the same channel. */
  static BigInteger channelId(byte[] keyA, byte[] keyB) {
    byte[] digest = Digests.sha256("silk/1 channel-id\0".getBytes(StandardCharsets.US_ASCII), keyA, keyB);
    return new BigInteger(1, Arrays.copyOf(digest, 16));
  }

  /** Builds {@link NodeChannels}; not thread-safe. */
  public static final class Builder {
    private TonCenterClient ton;
    private TonWallet wallet;
    private TonSecretKey key;
    private TonAmount depositPerChannel;
    private TonAmount maxDepositLocked;
    private ChannelStore store;
    private Duration openTimeout = Duration.ofSeconds(60);

    private Builder() {}

    public Builder ton(TonCenterClient ton) {
      this.ton = Objects.requireNonNull(ton, "ton");
      return this;
    }

    /** The wallet that funds channels, and the channels' key A (often the wallet's own key). */
    public Builder wallet(TonWallet wallet, TonSecretKey channelKey) {
      this.wallet = Objects.requireNonNull(wallet, "wallet");
      this.key = Objects.requireNonNull(channelKey, "channelKey");
      return this;
    }

    public Builder depositPerChannel(TonAmount deposit) {
      this.depositPerChannel = Objects.requireNonNull(deposit, "deposit");
      return this;
    }

    /** The most all channels' deposits may lock together; no channel is opened past it. */
    public Builder maxDepositLocked(TonAmount cap) {
      this.maxDepositLocked = Objects.requireNonNull(cap, "cap");
      return this;
    }

    public Builder store(ChannelStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How long opening a channel may wait for the chain (default 60 s). */
    public Builder openTimeout(Duration timeout) {
      this.openTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** @throws IllegalArgumentException if a part is missing */
    public NodeChannels build() {
      if (ton == null || wallet == null || depositPerChannel == null || maxDepositLocked == null || store == null) {
        throw new IllegalArgumentException("ton, wallet, depositPerChannel, maxDepositLocked and store are required");
      }
      return new NodeChannels(this);
    }
  }
}
