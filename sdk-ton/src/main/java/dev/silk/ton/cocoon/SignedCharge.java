package dev.silk.ton.cocoon;

import dev.silk.core.errors.VerificationException;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.internal.Ton4j;
import java.util.Objects;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;

/**
 * A COCOON proxy's signed charge ({@code ext_client_charge_signed}): the proxy's Ed25519 signature
 * over a payload naming the client contract and the tokens it may charge, which the client
 * contract accepts from anyone. The proxy sends it to the client ({@code proxy.signedPayment});
 * the client checks it as COCOON's {@code ClientContract::check_signed_pay_message} does and,
 * when the C++ client would, commits it on chain ({@link #repack}). Immutable.
 */
public final class SignedCharge {
  private final long queryId;
  private final long tokens;
  private final Cell payload;
  private final byte[] signature;
  private final byte[] boc;

  private SignedCharge(long queryId, long tokens, Cell payload, byte[] signature, byte[] boc) {
    this.queryId = queryId;
    this.tokens = tokens;
    this.payload = payload;
    this.signature = signature;
    this.boc = boc;
  }

  /** The proxy's side: signs a charge of {@code tokens} (cumulative) to {@code clientContract}. */
  public static byte[] sign(TonSecretKey proxyKey, long queryId, long tokens, TonAddress clientContract,
      TonAddress excessesTo) {
    Cell payload = CellBuilder.beginCell().storeUint(ClientMessages.OP_CHARGE_SIGNED, 32)
        .storeUint(ClientMessages.unsigned(queryId), 64).storeUint(ClientMessages.unsigned(tokens), 64)
        .storeAddress(Ton4j.address(clientContract)).endCell();
    return message(queryId, excessesTo, proxyKey.sign(payload.hash()), payload).toBoc();
  }

  private static Cell message(long queryId, TonAddress excessesTo, byte[] signature, Cell payload) {
    return CellBuilder.beginCell().storeUint(ClientMessages.OP_CHARGE_SIGNED, 32)
        .storeUint(ClientMessages.unsigned(queryId), 64).storeAddress(Ton4j.address(excessesTo))
        .storeBytes(signature).storeRef(payload).endCell();
  }

  /**
   * The client's side: parses {@code boc} and checks it is a charge to {@code clientContract}
   * signed by {@code proxyKey}.
   *
   * @throws VerificationException ({@code cocoon_bad_signed_payment}) if it is not
   */
  public static SignedCharge verify(byte[] boc, byte[] proxyKey, TonAddress clientContract) {
    Objects.requireNonNull(clientContract, "clientContract");
    long queryId;
    long tokens;
    Cell payload;
    byte[] signature;
    try {
      CellSlice cs = CellSlice.beginParse(Cell.fromBoc(boc));
      if (cs.loadUint(32).longValue() != ClientMessages.OP_CHARGE_SIGNED) {
        throw bad("not a signed charge");
      }
      queryId = cs.loadUint(64).longValue();
      if (cs.loadAddress() == null) {
        throw bad("no excesses address");
      }
      signature = cs.loadBytes(512);
      if (cs.getRestBits() != 0 || cs.getRefsCount() != 1) {
        throw bad("extra data");
      }
      payload = cs.loadRef();
      CellSlice p = CellSlice.beginParse(payload);
      if (p.loadUint(32).longValue() != ClientMessages.OP_CHARGE_SIGNED || p.loadUint(64).longValue() != queryId) {
        throw bad("the payload's header differs from the message's");
      }
      tokens = p.loadUint(64).longValue();
      Address to = p.loadAddress();
      if (to == null || p.getRestBits() != 0 || p.getRefsCount() != 0) {
        throw bad("a malformed payload");
      }
      if (!Ton4j.address(to).equals(clientContract)) {
        throw bad("it charges another client contract");
      }
    } catch (VerificationException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw bad("does not parse: " + e.getMessage());
    }
    if (tokens < 0) {
      throw bad("a token count above 2^63");
    }
    if (!TonSecretKey.verify(proxyKey, payload.hash(), signature)) {
      throw bad("the proxy's signature does not verify");
    }
    return new SignedCharge(queryId, tokens, payload, signature, boc.clone());
  }

  public long queryId() {
    return queryId;
  }

  /** Adjusted tokens the client contract may charge in total. */
  public long tokens() {
    return tokens;
  }

  /** The message as the proxy sent it. */
  public byte[] toBoc() {
    return boc.clone();
  }

  /** The body the owner's wallet sends the client contract, excesses back to {@code excessesTo}. */
  public byte[] repack(TonAddress excessesTo) {
    return message(queryId, excessesTo, signature, payload).toBoc();
  }

  private static VerificationException bad(String why) {
    return new VerificationException("cocoon_bad_signed_payment", "the COCOON proxy's signed payment: " + why, null);
  }

  @Override
  public String toString() {
    return "SignedCharge[" + tokens + " tokens, query " + Long.toUnsignedString(queryId) + "]";
  }
}
