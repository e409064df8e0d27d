package dev.silk.ton.cocoon;

import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.internal.Exact;
import java.util.Arrays;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellSlice;

/**
 * A COCOON client contract's state as COCOON's client reads it ({@code ClientContract::on_state_update}):
 * open, closing or closed; the balance and the stake; the tokens already charged; when a closing
 * contract unlocks; and the hash of the client's secret (the short authorization). Immutable.
 */
public final class ClientContractState {
  /** The contract's lifecycle ({@code client_state_*}). */
  public enum Status {
    NOT_DEPLOYED, OPEN, CLOSING, CLOSED
  }

  private static final ClientContractState NOT_DEPLOYED =
      new ClientContractState(Status.NOT_DEPLOYED, 0, 0, 0, 0, new byte[32]);

  private final Status status;
  private final long balance;
  private final long stake;
  private final long tokensUsed;
  private final long unlockTs;
  private final byte[] secretHash;

  private ClientContractState(Status status, long balance, long stake, long tokensUsed, long unlockTs,
      byte[] secretHash) {
    this.status = status;
    this.balance = balance;
    this.stake = stake;
    this.tokensUsed = tokensUsed;
    this.unlockTs = unlockTs;
    this.secretHash = secretHash;
  }

  /** A contract not on chain yet. */
  public static ClientContractState notDeployed() {
    return NOT_DEPLOYED;
  }

  /**
   * Reads a client contract's data (a bag of cells); empty data is a contract not deployed.
   *
   * @throws VerificationException if the data is not a client contract's
   */
  public static ClientContractState parse(byte[] dataBoc) {
    if (dataBoc == null || dataBoc.length == 0) {
      return NOT_DEPLOYED;
    }
    try {
      CellSlice cs = CellSlice.beginParse(Cell.fromBoc(dataBoc));
      int state = cs.loadUint(2).intValue();
      if (state > 2) {
        throw new VerificationException("cocoon_client_malformed", "unknown client contract state " + state, null);
      }
      long balance = Exact.longOf(cs.loadCoins());
      long stake = Exact.longOf(cs.loadCoins());
      long tokens = cs.loadUint(64).longValue();
      long unlock = cs.loadUint(32).longValue();
      byte[] secretHash = cs.loadBytes(256);
      return new ClientContractState(Status.values()[state + 1], balance, stake, tokens, unlock, secretHash);
    } catch (VerificationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw new VerificationException("cocoon_client_malformed", "not a COCOON client contract's data: "
          + e.getMessage(), null);
    }
  }

  public Status status() {
    return status;
  }

  /** What the client paid in and the proxy has not charged yet. */
  public TonAmount balance() {
    return TonAmount.ofNanoton(balance);
  }

  public TonAmount stake() {
    return TonAmount.ofNanoton(stake);
  }

  /** Adjusted tokens charged on chain so far. */
  public long tokensUsed() {
    return tokensUsed;
  }

  /** When a closing contract may be closed without the proxy (Unix seconds; 0 when open). */
  public long unlockTs() {
    return unlockTs;
  }

  public byte[] secretHash() {
    return secretHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClientContractState)) {
      return false;
    }
    ClientContractState s = (ClientContractState) o;
    return status == s.status && balance == s.balance && stake == s.stake && tokensUsed == s.tokensUsed
        && unlockTs == s.unlockTs && Arrays.equals(secretHash, s.secretHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(balance) * 31 + Long.hashCode(tokensUsed);
  }

  @Override
  public String toString() {
    return "ClientContractState[" + status + ", balance " + balance() + ", stake " + stake() + ", tokens charged "
        + tokensUsed + "]";
  }
}
