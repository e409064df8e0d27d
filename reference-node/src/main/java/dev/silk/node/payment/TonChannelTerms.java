package dev.silk.node.payment;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node in {@code ton-channel} mode is paid: where it reads the chain (a TON Center v2
 * URL: mainnet, testnet or a local chain), its payout address, its model's prices, the least
 * deposit it asks, k, the requests in flight it accepts per channel, W, the largest credit
 * window it holds per channel (spec-v1 §13.1), and how it guards its channels on chain (its
 * wallet key, how often it watches for a close on an old state). Immutable.
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
  /** W: the largest credit window a client may sign ahead of its charges (0: a new state per request). */
  public final long maxCreditNanoton;
  /** The node's wallet key file (null: {@code wallet-ton.key} in the data directory, created on first start). */
  public final Path walletKeyFile;
  /** How often the node reads its channels on chain to challenge a close on an old state. */
  public final Duration watchInterval;
  /** The credit window a node states unless told otherwise: 0.1 TON. */
  public static final long DEFAULT_MAX_CREDIT_NANOTON = 100_000_000L;
  /** How often channels are watched unless told otherwise: well within any sane quarantine. */
  public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofMinutes(1);

  public TonChannelTerms(String tonCenterUrl, String tonCenterApiKey, TonAddress payoutAddress,
      long promptNanotonPer1k, long completionNanotonPer1k, TonAmount minDeposit, int maxInFlightPerChannel) {
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
    this.commitThresholdNanoton = 0;
    this.maxCreditNanoton = DEFAULT_MAX_CREDIT_NANOTON;
    this.walletKeyFile = null;
    this.watchInterval = DEFAULT_WATCH_INTERVAL;
  }

  private TonChannelTerms(TonChannelTerms t, long commitThresholdNanoton, long maxCreditNanoton, Path walletKeyFile,
      Duration watchInterval) {
    if (commitThresholdNanoton < 0 || maxCreditNanoton < 0) {
      throw new IllegalArgumentException("the commit threshold and the credit window must not be negative");
    }
    if (watchInterval.isNegative() || watchInterval.isZero()) {
      throw new IllegalArgumentException("the watch interval must be positive");
    }
    this.tonCenterUrl = t.tonCenterUrl;
    this.tonCenterApiKey = t.tonCenterApiKey;
    this.payoutAddress = t.payoutAddress;
    this.promptNanotonPer1k = t.promptNanotonPer1k;
    this.completionNanotonPer1k = t.completionNanotonPer1k;
    this.minDeposit = t.minDeposit;
    this.maxInFlightPerChannel = t.maxInFlightPerChannel;
    this.commitThresholdNanoton = commitThresholdNanoton;
    this.maxCreditNanoton = maxCreditNanoton;
    this.walletKeyFile = walletKeyFile;
    this.watchInterval = watchInterval;
  }

  /**
   * These terms, settling on chain: once a channel's charges not yet covered by an on-chain
   * commit reach {@code nanoton}, new payments are refused with {@code commit_required} until
   * the client commits cooperatively (spec-v1 §13.5).
   */
  public TonChannelTerms withCommitThreshold(long nanoton) {
    return new TonChannelTerms(this, nanoton, maxCreditNanoton, walletKeyFile, watchInterval);
  }

  /**
   * These terms with credit window {@code nanoton}: the most a client may sign beyond what it was
   * charged and has in flight, which is also the most a cheating node could take (0: a new
   * state per request, k maxima at risk).
   */
  public TonChannelTerms withMaxCredit(long nanoton) {
    return new TonChannelTerms(this, commitThresholdNanoton, nanoton, walletKeyFile, watchInterval);
  }

  /**
   * These terms with the node's wallet key in {@code keyFile} (created there on first start):
   * the wallet that pays for the node's own messages to its channels, such as challenges.
   */
  public TonChannelTerms withWalletKey(Path keyFile) {
    return new TonChannelTerms(this, commitThresholdNanoton, maxCreditNanoton, Objects.requireNonNull(keyFile,
        "keyFile"), watchInterval);
  }

  /** These terms, reading the node's channels on chain every {@code interval} (keep it well under the quarantine). */
  public TonChannelTerms withWatchInterval(Duration interval) {
    return new TonChannelTerms(this, commitThresholdNanoton, maxCreditNanoton, walletKeyFile,
        Objects.requireNonNull(interval, "interval"));
  }

  @Override
  public String toString() {
    return "ton-channel[prices " + promptNanotonPer1k + "/" + completionNanotonPer1k + " nanoTON per 1K, k="
        + maxInFlightPerChannel + ", W=" + maxCreditNanoton + ", payout " + payoutAddress + ", chain "
        + tonCenterUrl + "]";
  }
}
