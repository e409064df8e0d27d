package dev.silk.node.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.util.Objects;

/**
 * How a node in {@code ton-channel} mode is paid: where it reads the chain (a TON Center v2
 * URL: mainnet, testnet or a local chain), its payout address, its model's prices, the least
 * deposit it asks, and k, the requests in flight it accepts per channel. Immutable.
 */
public final class TonChannelTerms {
  public final String tonCenterUrl;
  public final String tonCenterApiKey;
  public final TonAddress payoutAddress;
  public final long promptNanotonPer1k;
  public final long completionNanotonPer1k;
  public final TonAmount minDeposit;
  public final int maxInFlightPerChannel;
  /** Uncommitted charges per channel past which new payments wait for a cooperative commit (0: never). */
  public final long commitThresholdNanoton;

  public TonChannelTerms(String tonCenterUrl, String tonCenterApiKey, TonAddress payoutAddress,
      long promptNanotonPer1k, long completionNanotonPer1k, TonAmount minDeposit, int maxInFlightPerChannel) {
    this(tonCenterUrl, tonCenterApiKey, payoutAddress, promptNanotonPer1k, completionNanotonPer1k, minDeposit,
        maxInFlightPerChannel, 0);
  }

  private TonChannelTerms(String tonCenterUrl, String tonCenterApiKey, TonAddress payoutAddress,
      long promptNanotonPer1k, long completionNanotonPer1k, TonAmount minDeposit, int maxInFlightPerChannel,
      long commitThresholdNanoton) {
    if (commitThresholdNanoton < 0) {
      throw new IllegalArgumentException("the commit threshold must not be negative");
    }
    this.commitThresholdNanoton = commitThresholdNanoton;
    this.tonCenterUrl = Objects.requireNonNull(tonCenterUrl, "tonCenterUrl");
    this.tonCenterApiKey = tonCenterApiKey;
    this.payoutAddress = Objects.requireNonNull(payoutAddress, "payoutAddress");
    if (promptNanotonPer1k < 0 || completionNanotonPer1k < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
    if (maxInFlightPerChannel < 1) {
      throw new IllegalArgumentException("k (requests in flight per channel) must be at least 1");
    }
    this.promptNanotonPer1k = promptNanotonPer1k;
    this.completionNanotonPer1k = completionNanotonPer1k;
    this.minDeposit = Objects.requireNonNull(minDeposit, "minDeposit");
    this.maxInFlightPerChannel = maxInFlightPerChannel;
  }

  /**
   * These terms, settling on chain: once a channel's charges not yet covered by an on-chain
   * commit reach {@code nanoton}, new payments are refused with {@code commit_required} until
   * the client commits cooperatively (spec-v1 §13.5).
   */
  public TonChannelTerms withCommitThreshold(long nanoton) {
    return new TonChannelTerms(tonCenterUrl, tonCenterApiKey, payoutAddress, promptNanotonPer1k, completionNanotonPer1k,
        minDeposit, maxInFlightPerChannel, nanoton);
  }

  @Override
  public String toString() {
    return "ton-channel[prices " + promptNanotonPer1k + "/" + completionNanotonPer1k + " nanoTON per 1K, k="
        + maxInFlightPerChannel + ", payout " + payoutAddress + ", chain " + tonCenterUrl + "]";
  }
}
