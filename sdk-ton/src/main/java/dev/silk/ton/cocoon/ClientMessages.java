package dev.silk.ton.cocoon;

import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.internal.Ton4j;
import java.math.BigInteger;
import java.util.Objects;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;

/**
 * The messages of COCOON's client contract, one home for both directions: what the owner sends
 * it ({@code ClientContract::create_*_message}: register a nonce, top up, change the secret
 * hash, withdraw, request a refund), and what it sends the proxy contract
 * ({@code client_proxy_request} with the contract's state and, for a registration, the nonce, as
 * COCOON's proxy reads it in {@code ProxyContract::on_transaction}). Bodies are bags of cells.
 */
public final class ClientMessages {
  public static final long OP_REGISTER = 0xc45f9f3bL;
  public static final long OP_TOP_UP = 0xf172e6c2L;
  public static final long OP_CHANGE_SECRET_HASH = 0xa9357034L;
  public static final long OP_WITHDRAW = 0xda068e78L;
  public static final long OP_REQUEST_REFUND = 0xfafa6cc1L;
  public static final long OP_CHARGE_SIGNED = 0xbb63ff93L;
  /** The client contract's message to its proxy contract, and the payload kinds it carries. */
  public static final long OP_PROXY_REQUEST = 0x65448ff4L;
  public static final long OP_PROXY_TOP_UP = 0x5cfc6b87L;
  public static final long OP_PROXY_REGISTER = 0xa35cb580L;
  public static final long OP_PROXY_REFUND_GRANTED = 0xc68ebc7bL;
  public static final long OP_PROXY_REFUND_FORCE = 0xf4c354c9L;

  private ClientMessages() {}

  /** {@code owner_client_register}: makes the contract tell its proxy {@code nonce} (the long authorization). */
  public static byte[] register(long queryId, long nonce, TonAddress excessesTo) {
    return head(OP_REGISTER, queryId).storeUint(unsigned(nonce), 64).storeAddress(addr(excessesTo)).endCell().toBoc();
  }

  /** {@code ext_client_top_up}: adds {@code amount} to the balance (send it plus fees). */
  public static byte[] topUp(long queryId, TonAmount amount, TonAddress excessesTo) {
    return head(OP_TOP_UP, queryId).storeCoins(BigInteger.valueOf(amount.nanoton())).storeAddress(addr(excessesTo))
        .endCell().toBoc();
  }

  /** {@code owner_client_change_secret_hash}: the short authorization's secret from now on. */
  public static byte[] changeSecretHash(long queryId, byte[] secretHash, TonAddress excessesTo) {
    if (secretHash.length != 32) {
      throw new IllegalArgumentException("a secret hash is 32 bytes");
    }
    return head(OP_CHANGE_SECRET_HASH, queryId).storeBytes(secretHash).storeAddress(addr(excessesTo)).endCell()
        .toBoc();
  }

  /** {@code owner_client_withdraw}: returns the balance above the stake. */
  public static byte[] withdraw(long queryId, TonAddress excessesTo) {
    return head(OP_WITHDRAW, queryId).storeAddress(addr(excessesTo)).endCell().toBoc();
  }

  /** {@code owner_client_request_refund}: starts closing (first call) or closes after the delay (second). */
  public static byte[] requestRefund(long queryId, TonAddress excessesTo) {
    return head(OP_REQUEST_REFUND, queryId).storeAddress(addr(excessesTo)).endCell().toBoc();
  }

  private static CellBuilder head(long op, long queryId) {
    return CellBuilder.beginCell().storeUint(op, 32).storeUint(unsigned(queryId), 64);
  }

  /** An owner's message to a client contract, decoded. Immutable. */
  public static final class OwnerMessage {
    public final long op;
    public final long queryId;
    /** The nonce of a registration (0 otherwise). */
    public final long nonce;
    /** The amount of a top-up (zero otherwise). */
    public final TonAmount amount;
    /** The new secret hash (null otherwise). */
    public final byte[] secretHash;
    public final TonAddress excessesTo;

    private OwnerMessage(long op, long queryId, long nonce, TonAmount amount, byte[] secretHash,
        TonAddress excessesTo) {
      this.op = op;
      this.queryId = queryId;
      this.nonce = nonce;
      this.amount = amount;
      this.secretHash = secretHash;
      this.excessesTo = excessesTo;
    }
  }

  /**
   * Decodes an owner's message to a client contract.
   *
   * @throws VerificationException if it is not one
   */
  public static OwnerMessage parseOwnerMessage(byte[] boc) {
    try {
      CellSlice s = CellSlice.beginParse(Cell.fromBoc(boc));
      long op = s.loadUint(32).longValue();
      long queryId = s.loadUint(64).longValue();
      long nonce = 0;
      TonAmount amount = TonAmount.ZERO;
      byte[] secretHash = null;
      if (op == OP_REGISTER) {
        nonce = s.loadUint(64).longValue();
      } else if (op == OP_TOP_UP) {
        amount = TonAmount.ofNanoton(Exact.longOf(s.loadCoins()));
      } else if (op == OP_CHANGE_SECRET_HASH) {
        secretHash = s.loadBytes(256);
      } else if (op != OP_WITHDRAW && op != OP_REQUEST_REFUND) {
        throw malformed("unknown client contract op " + Long.toHexString(op));
      }
      TonAddress excessesTo = address(s);
      end(s);
      return new OwnerMessage(op, queryId, nonce, amount, secretHash, excessesTo);
    } catch (VerificationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw malformed("not a client contract message: " + e.getMessage());
    }
  }

  /** A client contract's message to its proxy contract, decoded. Immutable. */
  public static final class ProxyRequest {
    public final long queryId;
    public final TonAddress owner;
    public final ClientContractState.Status status;
    public final TonAmount balance;
    public final TonAmount stake;
    public final long tokensUsed;
    public final byte[] secretHash;
    /** The payload's op, or 0 without a payload. */
    public final long payloadOp;
    /** The nonce of a registration (0 otherwise). */
    public final long nonce;

    private ProxyRequest(long queryId, TonAddress owner, ClientContractState.Status status, TonAmount balance,
        TonAmount stake, long tokensUsed, byte[] secretHash, long payloadOp, long nonce) {
      this.queryId = queryId;
      this.owner = owner;
      this.status = status;
      this.balance = balance;
      this.stake = stake;
      this.tokensUsed = tokensUsed;
      this.secretHash = secretHash;
      this.payloadOp = payloadOp;
      this.nonce = nonce;
    }
  }

  /**
   * Decodes what a client contract told its proxy contract; null for any other message (a proxy
   * contract receives others too).
   *
   * @throws VerificationException if it claims to be one and is malformed
   */
  public static ProxyRequest parseProxyRequest(byte[] boc) {
    try {
      CellSlice s = CellSlice.beginParse(Cell.fromBoc(boc));
      if (s.getRestBits() < 96 || s.loadUint(32).longValue() != OP_PROXY_REQUEST) {
        return null;
      }
      long queryId = s.loadUint(64).longValue();
      TonAddress owner = address(s);
      CellSlice state = CellSlice.beginParse(s.loadRef());
      int status = state.loadUint(2).intValue();
      if (status > 2) {
        throw malformed("unknown client contract state " + status);
      }
      TonAmount balance = TonAmount.ofNanoton(Exact.longOf(state.loadCoins()));
      TonAmount stake = TonAmount.ofNanoton(Exact.longOf(state.loadCoins()));
      long tokens = state.loadUint(64).longValue();
      byte[] secretHash = state.loadBytes(256);
      end(state);
      long payloadOp = 0;
      long nonce = 0;
      if (s.loadBit()) {
        CellSlice payload = CellSlice.beginParse(s.loadRef());
        payloadOp = payload.loadUint(32).longValue();
        if (payloadOp == OP_PROXY_REGISTER) {
          nonce = payload.loadUint(64).longValue();
        }
      }
      end(s);
      return new ProxyRequest(queryId, owner, ClientContractState.Status.values()[status + 1], balance, stake,
          tokens, secretHash, payloadOp, nonce);
    } catch (VerificationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw malformed("a malformed client request: " + e.getMessage());
    }
  }

  private static TonAddress address(CellSlice s) {
    Address a = s.loadAddress();
    if (a == null) {
      throw malformed("no address");
    }
    return Ton4j.address(a);
  }

  private static void end(CellSlice s) {
    if (s.getRestBits() != 0 || s.getRefsCount() != 0) {
      throw malformed("extra data");
    }
  }

  private static Address addr(TonAddress a) {
    return Ton4j.address(Objects.requireNonNull(a, "address"));
  }

  static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  private static VerificationException malformed(String why) {
    return new VerificationException("cocoon_message_malformed", why, null);
  }
}
