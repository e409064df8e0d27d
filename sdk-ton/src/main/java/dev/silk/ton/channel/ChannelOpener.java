package dev.silk.ton.channel;

import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.SilkTimeoutException;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.center.GetMethodResult;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.wallet.SentTransfer;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;

/**
 * Opens a payment channel on chain from party A's wallet: one transfer deploys the contract
 * with A's deposit (StateInit and top-up), a second opens it with A's signature over the
 * balances; each step waits until the chain shows it. Stateless; safe to share.
 *
 * <pre>{@code
 * ChannelOpener.open(ton, clientWallet, channel, ChannelSigner.of(channel, Side.A, clientKey),
 *     TonAmount.ofTon("1"), Duration.ofMinutes(2));
 * }</pre>
 */
public final class ChannelOpener {
  /** Gas the contract keeps for itself beyond the deposits. */
  static final TonAmount CONTRACT_GAS = TonAmount.ofTon("0.05");
  private static final TonAmount MESSAGE_VALUE = TonAmount.ofTon("0.02");

  private ChannelOpener() {}

  /**
   * Like {@link #open(TonCenterClient, TonWallet, PaymentChannelConfig, ChannelSigner, TonAmount, Duration)},
   * refusing before any transfer a deposit above {@code caps}' deposit cap.
   *
   * @throws BudgetExceededException if the deposit passes {@link SpendingCaps#maxDepositLocked()}
   */
  public static void open(TonCenterClient ton, TonWallet walletA, PaymentChannelConfig channel, ChannelSigner signerA,
      TonAmount deposit, Duration timeout, SpendingCaps caps) {
    if (caps.maxDepositLocked().isPresent() && deposit.isGreaterThan(caps.maxDepositLocked().get())) {
      throw new BudgetExceededException("a deposit of " + deposit + " passes the cap on deposits locked in channels ("
          + caps.maxDepositLocked().get() + "); nothing was sent");
    }
    open(ton, walletA, channel, signerA, deposit, timeout);
  }

  /**
   * Deploys, funds and opens the channel; returns once the chain reports it open.
   *
   * @throws SilkTimeoutException if the chain does not show a step within {@code timeout}
   */
  public static void open(TonCenterClient ton, TonWallet walletA, PaymentChannelConfig channel, ChannelSigner signerA,
      TonAmount deposit, Duration timeout) {
    Objects.requireNonNull(deposit, "deposit");
    if (signerA.side() != Side.A) {
      throw new IllegalArgumentException("the channel is opened by party A");
    }
    if (state(ton, channel) < 0) {
      SentTransfer deploy = walletA.transfer(ton, Transfer.builder(channel.address(), deposit.plus(CONTRACT_GAS))
          .bounce(false).stateInit(channel.stateInitBoc()).body(ChannelMessages.topUp(deposit, TonAmount.ZERO))
          .build());
      await(ton, channel, 0, timeout, "deployment (" + deploy.messageHash() + ")");
    }
    if (state(ton, channel) == 0) {
      walletA.transfer(ton, Transfer.builder(channel.address(), MESSAGE_VALUE)
          .body(ChannelMessages.init(channel, Side.A, signerA.signInit(deposit, TonAmount.ZERO), deposit,
              TonAmount.ZERO)).build());
      await(ton, channel, 1, timeout, "init");
    }
  }

  /** The contract's state (0 uninited, 1 open, 2+ closing), or -1 if it is not deployed. */
  public static int state(TonCenterClient ton, PaymentChannelConfig channel) {
    GetMethodResult r = ton.runGetMethod(channel.address(), "get_channel_state", Collections.emptyList());
    return r.succeeded() && !r.stack().isEmpty() ? Exact.intOf(r.stack().get(0).asNumber()) : -1;
  }

  private static void await(TonCenterClient ton, PaymentChannelConfig channel, int expected, Duration timeout,
      String step) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state(ton, channel) != expected) {
      if (System.nanoTime() > deadline) {
        throw new SilkTimeoutException("timeout", "the chain did not show the channel's " + step + " within "
            + timeout, null);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SilkTimeoutException("cancelled", "interrupted while waiting for the chain", e);
      }
    }
  }
}
