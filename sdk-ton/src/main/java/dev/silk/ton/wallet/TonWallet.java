package dev.silk.ton.wallet;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.AddressInformation;
import dev.silk.ton.center.FeeEstimate;
import dev.silk.ton.center.GetMethodResult;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.center.TonCenterException;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.internal.WalletMessages;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import org.ton.java.cell.Cell;
import org.ton.java.tlb.StateInit;

/**
 * A standard TON wallet (v4r2 or v5r1) controlled by one key: its address, balance, and
 * transfers. A transfer reads the wallet's seqno and state, signs, asks TON Center for the fee
 * <em>first</em>, refuses if the balance cannot pay amount plus fee, and only then sends; a
 * wallet that was never used deploys itself with its first transfer. Thread-safe (transfers
 * from one wallet should still be sent one at a time: the chain orders them by seqno).
 *
 * <pre>{@code
 * TonWallet wallet = TonWallet.of(mnemonic.secretKey(), WalletVersion.V5R1, Network.TESTNET);
 * SentTransfer sent = wallet.transfer(ton, Transfer.builder(to, TonAmount.ofTon("0.5")).build());
 * }</pre>
 */
public final class TonWallet {
  private static final Duration VALIDITY = Duration.ofSeconds(60);

  private final TonSecretKey key;
  private final WalletVersion version;
  private final Network network;
  private final TonAddress address;
  private final Clock clock;

  private TonWallet(TonSecretKey key, WalletVersion version, Network network, Clock clock) {
    this.key = key;
    this.version = version;
    this.network = network;
    this.clock = clock;
    this.address = WalletMessages.address(key.publicKey(), version, network);
  }

  public static TonWallet of(TonSecretKey key, WalletVersion version, Network network) {
    return of(key, version, network, Clock.systemUTC());
  }

  /** With the clock that sets transfers' {@code valid_until}. */
  public static TonWallet of(TonSecretKey key, WalletVersion version, Network network, Clock clock) {
    return new TonWallet(Objects.requireNonNull(key, "key"), Objects.requireNonNull(version, "version"),
        Objects.requireNonNull(network, "network"), Objects.requireNonNull(clock, "clock"));
  }

  public TonAddress address() {
    return address;
  }

  public WalletVersion version() {
    return version;
  }

  public Network network() {
    return network;
  }

  public byte[] publicKey() {
    return key.publicKey();
  }

  public TonAmount balance(TonCenterClient center) {
    return center.getAddressBalance(address);
  }

  /**
   * Sends one transfer.
   *
   * @throws InsufficientFundsException if the balance cannot pay the amount and the estimated fee
   * @throws TonCenterException if TON Center refuses a step
   */
  public SentTransfer transfer(TonCenterClient center, Transfer transfer) {
    AddressInformation info = center.getAddressInformation(address);
    boolean deployed = info.state() == AddressInformation.State.ACTIVE;
    long seqno = deployed ? seqno(center) : 0;
    long validUntil = clock.instant().plus(VALIDITY).getEpochSecond();
    Cell body = WalletMessages.signedBody(key, version, network, transfer, seqno, validUntil);
    StateInit init = deployed ? null : WalletMessages.stateInit(key.publicKey(), version, network);
    FeeEstimate fee = center.estimateFee(address, body.toBoc(), init == null ? null : init.getCode().toBoc(),
        init == null ? null : init.getData().toBoc(), false);
    TonAmount needed = transfer.amount().plus(fee.total());
    if (needed.isGreaterThan(info.balance())) {
      throw new InsufficientFundsException(info.balance(), needed);
    }
    String hash = center.sendBocReturnHash(
        WalletMessages.externalMessage(key.publicKey(), version, network, body, !deployed));
    return new SentTransfer(hash, seqno, fee);
  }

  private long seqno(TonCenterClient center) {
    GetMethodResult result = center.runGetMethod(address, "seqno", Collections.emptyList());
    if (!result.succeeded() || result.stack().isEmpty()) {
      throw new TonCenterException("toncenter_malformed", "the wallet's seqno get-method failed (exit "
          + result.exitCode() + ")", 0, null);
    }
    return Exact.longOf(result.stack().get(0).asNumber());
  }

  @Override
  public String toString() {
    return "TonWallet[" + version + " " + address.toFriendly(false, network == Network.TESTNET) + "]";
  }
}
