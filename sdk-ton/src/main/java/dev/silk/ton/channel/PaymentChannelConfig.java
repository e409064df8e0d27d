package dev.silk.ton.channel;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.internal.ChannelCells;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * What fixes a payment channel on chain — its id, both parties' keys and payout addresses, and
 * its closing rules — and therefore its contract address: the standard TON payment-channel
 * contract (ton-blockchain/payment-channels, as ton4j ships it) deployed with this data.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * PaymentChannelConfig channel = PaymentChannelConfig.builder()
 *     .channelId(id).publicKeyA(client.publicKey()).publicKeyB(nodeKey)
 *     .addressA(clientWallet).addressB(nodeWallet)
 *     .quarantineDuration(Duration.ofHours(1)).build();
 * TonAddress onChain = channel.address();
 * }</pre>
 */
public final class PaymentChannelConfig {
  private static final BigInteger MAX_ID = BigInteger.ONE.shiftLeft(128);

  private final BigInteger channelId;
  private final byte[] publicKeyA;
  private final byte[] publicKeyB;
  private final TonAddress addressA;
  private final TonAddress addressB;
  private final Duration quarantineDuration;
  private final TonAmount misbehaviorFine;
  private final Duration conditionalCloseDuration;
  private final TonAmount excessFee;
  private final TonAddress address;

  private PaymentChannelConfig(Builder b) {
    this.channelId = b.channelId;
    this.publicKeyA = b.publicKeyA;
    this.publicKeyB = b.publicKeyB;
    this.addressA = b.addressA;
    this.addressB = b.addressB;
    this.quarantineDuration = b.quarantineDuration;
    this.misbehaviorFine = b.misbehaviorFine;
    this.conditionalCloseDuration = b.conditionalCloseDuration;
    this.excessFee = b.excessFee;
    this.address = ChannelCells.address(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The 128-bit channel id, unique per pair of parties. */
  public BigInteger channelId() {
    return channelId;
  }

  public byte[] publicKey(Side side) {
    return (side == Side.A ? publicKeyA : publicKeyB).clone();
  }

  /** Where {@code side}'s share is paid out on close. */
  public TonAddress payoutAddress(Side side) {
    return side == Side.A ? addressA : addressB;
  }

  /** How long a party may challenge a state submitted by the other in an uncooperative close. */
  public Duration quarantineDuration() {
    return quarantineDuration;
  }

  public TonAmount misbehaviorFine() {
    return misbehaviorFine;
  }

  public Duration conditionalCloseDuration() {
    return conditionalCloseDuration;
  }

  public TonAmount excessFee() {
    return excessFee;
  }

  /** The channel contract's address (workchain 0). */
  public TonAddress address() {
    return address;
  }

  /** The contract's StateInit (code and data) as a BOC, to deploy it. */
  public byte[] stateInitBoc() {
    return ChannelCells.stateInitBoc(this);
  }

  @Override
  public String toString() {
    return "PaymentChannelConfig[id " + channelId.toString(16) + " at " + address + "]";
  }

  /** Builds a {@link PaymentChannelConfig}; not thread-safe. */
  public static final class Builder {
    private BigInteger channelId;
    private byte[] publicKeyA;
    private byte[] publicKeyB;
    private TonAddress addressA;
    private TonAddress addressB;
    private Duration quarantineDuration = Duration.ofHours(1);
    private TonAmount misbehaviorFine = TonAmount.ZERO;
    private Duration conditionalCloseDuration = Duration.ofHours(1);
    private TonAmount excessFee = TonAmount.ZERO;

    private Builder() {}

    /** @throws IllegalArgumentException unless 0 ≤ id &lt; 2^128 */
    public Builder channelId(BigInteger channelId) {
      if (Objects.requireNonNull(channelId, "channelId").signum() < 0 || channelId.compareTo(MAX_ID) >= 0) {
        throw new IllegalArgumentException("a channel id is an unsigned 128-bit number");
      }
      this.channelId = channelId;
      return this;
    }

    public Builder publicKeyA(byte[] publicKey) {
      this.publicKeyA = key(publicKey);
      return this;
    }

    public Builder publicKeyB(byte[] publicKey) {
      this.publicKeyB = key(publicKey);
      return this;
    }

    public Builder addressA(TonAddress address) {
      this.addressA = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder addressB(TonAddress address) {
      this.addressB = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Default one hour. */
    public Builder quarantineDuration(Duration duration) {
      this.quarantineDuration = seconds32(duration);
      return this;
    }

    public Builder misbehaviorFine(TonAmount fine) {
      this.misbehaviorFine = Objects.requireNonNull(fine, "fine");
      return this;
    }

    /** Default one hour. */
    public Builder conditionalCloseDuration(Duration duration) {
      this.conditionalCloseDuration = seconds32(duration);
      return this;
    }

    public Builder excessFee(TonAmount fee) {
      this.excessFee = Objects.requireNonNull(fee, "fee");
      return this;
    }

    /** @throws IllegalArgumentException if a key, address or the id is missing */
    public PaymentChannelConfig build() {
      if (channelId == null || publicKeyA == null || publicKeyB == null || addressA == null || addressB == null) {
        throw new IllegalArgumentException("channelId, both public keys and both addresses are required");
      }
      return new PaymentChannelConfig(this);
    }

    private static byte[] key(byte[] publicKey) {
      if (Objects.requireNonNull(publicKey, "publicKey").length != 32) {
        throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + publicKey.length);
      }
      return publicKey.clone();
    }

    private static Duration seconds32(Duration d) {
      if (Objects.requireNonNull(d, "duration").isNegative() || d.getSeconds() > 0xffffffffL || d.getNano() != 0) {
        throw new IllegalArgumentException("a channel duration is whole seconds within 32 bits");
      }
      return d;
    }
  }
}
