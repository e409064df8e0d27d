package dev.silk.ton.center;

import dev.silk.core.payment.TonAmount;
import java.util.Optional;

/** An account's state as TON Center reports it. Immutable and thread-safe. */
public final class AddressInformation {
  /** The account's life-cycle state. */
  public enum State {
    UNINITIALIZED, ACTIVE, FROZEN
  }

  private final TonAmount balance;
  private final State state;
  private final byte[] code;
  private final byte[] data;
  private final long lastTransactionLt;
  private final String lastTransactionHash;
  private final long syncUtime;

  public AddressInformation(TonAmount balance, State state, byte[] code, byte[] data, long lastTransactionLt,
      String lastTransactionHash, long syncUtime) {
    this.balance = balance;
    this.state = state;
    this.code = code.clone();
    this.data = data.clone();
    this.lastTransactionLt = lastTransactionLt;
    this.lastTransactionHash = lastTransactionHash;
    this.syncUtime = syncUtime;
  }

  public TonAmount balance() {
    return balance;
  }

  public State state() {
    return state;
  }

  /** The contract code BOC (empty unless active). */
  public byte[] code() {
    return code.clone();
  }

  /** The contract data BOC (empty unless active). */
  public byte[] data() {
    return data.clone();
  }

  /** Logical time of the last transaction, or 0 if none. */
  public long lastTransactionLt() {
    return lastTransactionLt;
  }

  /** Base64 hash of the last transaction, if any. */
  public Optional<String> lastTransactionHash() {
    return lastTransactionLt == 0 ? Optional.empty() : Optional.ofNullable(lastTransactionHash);
  }

  /** When TON Center last synced this state (Unix seconds). */
  public long syncUtime() {
    return syncUtime;
  }

  @Override
  public String toString() {
    return "AddressInformation[" + state + ", " + balance + ", last lt " + lastTransactionLt + "]";
  }
}
