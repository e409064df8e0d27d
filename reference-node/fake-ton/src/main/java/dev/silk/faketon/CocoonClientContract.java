package dev.silk.faketon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;

/**
 * COCOON's client contract (cocoon_client), ported from its published layout and COCOON's C++
 * readings of it: storage as {@code ClientContract::on_state_update} reads it, the owner's
 * messages (register, top-up, change secret hash, withdraw, request refund) and the proxy's
 * signed charge, with COCOON's exit codes; each accepted message tells the proxy contract the new
 * state in a {@code client_proxy_request} (a registration carries its nonce, as COCOON's proxy
 * reads it). Refunds are paid straight to the owner (the real contract pays them through the
 * proxy contract); TON stays in the contract otherwise. Not thread-safe (the chain serializes).
 */
final class CocoonClientContract {
  static final long OP_CHARGE_SIGNED = 0xbb63ff93L;
  static final long OP_TOP_UP = 0xf172e6c2L;
  static final long OP_REGISTER = 0xc45f9f3bL;
  static final long OP_CHANGE_SECRET_HASH = 0xa9357034L;
  static final long OP_WITHDRAW = 0xda068e78L;
  static final long OP_REQUEST_REFUND = 0xfafa6cc1L;
  static final long OP_DO_NOT_PROCESS = 0x9a1247c0L;
  static final long OP_PROXY_REQUEST = 0x65448ff4L;
  static final long OP_PROXY_TOP_UP = 0x5cfc6b87L;
  static final long OP_PROXY_REGISTER = 0xa35cb580L;
  static final long OP_PROXY_REFUND_GRANTED = 0xc68ebc7bL;
  static final long OP_PROXY_REFUND_FORCE = 0xf4c354c9L;
  static final long OP_EXCESSES = 0x2565934cL;
  /** COCOON's {@code COMMISSION_ESTIMATE}: the least value an owner message carries. */
  static final long COMMISSION = 100_000_000L;

  static final int NORMAL = 0;
  static final int CLOSING = 1;
  static final int CLOSED = 2;

  int state;
  long balance;
  long stake;
  long tokensUsed;
  long unlockTs;
  byte[] secretHash;
  final Address owner;
  final Address proxy;
  final byte[] proxyKey;
  final Cell params;
  final long pricePerToken;
  final long clientDelayBeforeClose;
  final Address self;

  /** A message the contract sends: {@code value} nanoTON (or what is left, for {@code all}). */
  static final class Out {
    final Address to;
    final long value;
    final Cell body;

    Out(Address to, long value, Cell body) {
      this.to = to;
      this.value = value;
      this.body = body;
    }
  }

  CocoonClientContract(Cell data, Address self) {
    this.self = self;
    CellSlice s = CellSlice.beginParse(data);
    state = s.loadUint(2).intValue();
    balance = s.loadCoins().longValueExact();
    stake = s.loadCoins().longValueExact();
    tokensUsed = s.loadUint(64).longValue();
    unlockTs = s.loadUint(32).longValue();
    secretHash = s.loadBytes(256);
    CellSlice constData = CellSlice.beginParse(s.loadRef());
    owner = constData.loadAddress();
    proxy = constData.loadAddress();
    proxyKey = constData.loadBytes(256);
    params = s.loadRef();
    CellSlice p = CellSlice.beginParse(params);
    int v = p.loadUint(8).intValue();
    p.skipBits(32 + 32 + 1);
    pricePerToken = p.loadCoins().longValueExact();
    p.loadCoins();
    p.skipBits((v >= 3 ? 64 : 0) + (v >= 2 ? 64 : 0) + 32);
    clientDelayBeforeClose = p.loadUint(32).longValue();
  }

  Cell data() {
    return CellBuilder.beginCell().storeUint(state, 2).storeCoins(BigInteger.valueOf(balance))
        .storeCoins(BigInteger.valueOf(stake)).storeUint(tokensUsed, 64).storeUint(unlockTs, 32).storeBytes(secretHash)
        .storeRef(CellBuilder.beginCell().storeAddress(owner).storeAddress(proxy).storeBytes(proxyKey).endCell())
        .storeRef(params).endCell();
  }

  CocoonClientContract copy() {
    return new CocoonClientContract(data(), self);
  }

  /** Applies one internal message; a {@link ChainRejection} aborts it (the chain restores the state). */
  List<Out> receive(Address sender, long value, Cell body, long now) {
    List<Out> outs = new ArrayList<>();
    CellSlice msg = CellSlice.beginParse(body);
    long op = msg.loadUint(32).longValue();
    if (op == OP_DO_NOT_PROCESS) {
      return outs;
    }
    BigInteger queryId = msg.loadUint(64);
    if (op == OP_CHARGE_SIGNED) {
      require(value >= COMMISSION, 1003, "low message value");
      Address excessesTo = msg.loadAddress();
      byte[] signature = msg.loadBytes(512);
      Cell payload = msg.loadRef();
      require(ChannelContract.verify(proxyKey, payload.hash(), signature), 1007, "bad signature");
      CellSlice p = CellSlice.beginParse(payload);
      require(p.loadUint(32).longValue() == op && p.loadUint(64).equals(queryId), 1005, "header mismatch");
      long newTokens = p.loadUint(64).longValueExact();
      require(state != CLOSED, 1006, "closed");
      require(tokensUsed < newTokens, 1000, "old message");
      require(same(p.loadAddress(), self), 1015, "not my address");
      charge(newTokens);
      outs.add(proxyRequest(queryId, null));
      outs.add(excesses(excessesTo, queryId, value));
      return outs;
    }
    if (op == OP_TOP_UP) {
      require(state != CLOSED, 1006, "closed");
      long amount = msg.loadCoins().longValueExact();
      Address excessesTo = msg.loadAddress();
      require(amount + COMMISSION <= value, 1003, "low message value");
      balance += amount;
      outs.add(proxyRequest(queryId, CellBuilder.beginCell().storeUint(OP_PROXY_TOP_UP, 32)
          .storeCoins(BigInteger.valueOf(amount)).storeAddress(excessesTo).endCell()));
      outs.add(excesses(excessesTo, queryId, value - amount));
      return outs;
    }
    require(state != CLOSED || op == OP_WITHDRAW, 1006, "closed");
    require(value >= COMMISSION, 1003, "low message value");
    if (op == OP_REGISTER) {
      BigInteger nonce = msg.loadUint(64);
      Address excessesTo = msg.loadAddress();
      require(same(sender, owner), 1010, "not from the owner");
      outs.add(proxyRequest(queryId, CellBuilder.beginCell().storeUint(OP_PROXY_REGISTER, 32).storeUint(nonce, 64)
          .endCell()));
      outs.add(excesses(excessesTo, queryId, value));
    } else if (op == OP_CHANGE_SECRET_HASH) {
      byte[] hash = msg.loadBytes(256);
      Address excessesTo = msg.loadAddress();
      require(same(sender, owner), 1010, "not from the owner");
      secretHash = hash;
      outs.add(proxyRequest(queryId, null));
      outs.add(excesses(excessesTo, queryId, value));
    } else if (op == OP_WITHDRAW) {
      Address excessesTo = msg.loadAddress();
      require(state == NORMAL, 1006, "not open");
      require(same(sender, owner), 1009, "not the owner");
      require(balance > stake, 1001, "nothing above the stake");
      long refund = balance - stake;
      balance = stake;
      outs.add(proxyRequest(queryId, refundPayload(OP_PROXY_REFUND_GRANTED, refund, excessesTo)));
      outs.add(new Out(excessesTo, refund + value - 2 * FakeTonChain.FORWARD_FEE, excessesBody(queryId)));
    } else if (op == OP_REQUEST_REFUND) {
      Address excessesTo = msg.loadAddress();
      require(same(sender, owner), 1009, "not the owner");
      if (state == NORMAL) {
        state = CLOSING;
        unlockTs = now + clientDelayBeforeClose;
        long refund = Math.max(0, balance - stake);
        balance -= refund;
        outs.add(proxyRequest(queryId, refund > 0 ? refundPayload(OP_PROXY_REFUND_GRANTED, refund, excessesTo) : null));
        outs.add(new Out(excessesTo, refund + value - 2 * FakeTonChain.FORWARD_FEE, excessesBody(queryId)));
      } else {
        require(unlockTs < now, 1011, "not unlocked yet");
        state = CLOSED;
        long refund = balance;
        balance = 0;
        outs.add(proxyRequest(queryId, refundPayload(OP_PROXY_REFUND_FORCE, refund, excessesTo)));
        outs.add(new Out(excessesTo, refund + value - 2 * FakeTonChain.FORWARD_FEE, excessesBody(queryId)));
      }
    } else {
      throw new ChainRejection(1012, "unknown op " + Long.toHexString(op));
    }
    return outs;
  }

  /** {@code ClientStorage.updateBalance}: the new tokens at the price, the balance floored at zero. */
  private void charge(long newTokens) {
    long cost = Math.multiplyExact(newTokens - tokensUsed, pricePerToken);
    tokensUsed = newTokens;
    balance = cost < balance ? balance - cost : 0;
  }

  private Out proxyRequest(BigInteger queryId, Cell payload) {
    Cell stateData = CellBuilder.beginCell().storeUint(state, 2).storeCoins(BigInteger.valueOf(balance))
        .storeCoins(BigInteger.valueOf(stake)).storeUint(tokensUsed, 64).storeBytes(secretHash).endCell();
    CellBuilder b = CellBuilder.beginCell().storeUint(OP_PROXY_REQUEST, 32).storeUint(queryId, 64)
        .storeAddress(owner).storeRef(stateData);
    if (payload == null) {
      b.storeBit(false);
    } else {
      b.storeBit(true).storeRef(payload);
    }
    return new Out(proxy, FakeTonChain.FORWARD_FEE, b.endCell());
  }

  private static Cell refundPayload(long op, long coins, Address excessesTo) {
    return CellBuilder.beginCell().storeUint(op, 32).storeCoins(BigInteger.valueOf(coins)).storeAddress(excessesTo)
        .endCell();
  }

  private static Out excesses(Address to, BigInteger queryId, long value) {
    return new Out(to, Math.max(0, value - 2 * FakeTonChain.FORWARD_FEE), excessesBody(queryId));
  }

  private static Cell excessesBody(BigInteger queryId) {
    return CellBuilder.beginCell().storeUint(OP_EXCESSES, 32).storeUint(queryId, 64).endCell();
  }

  private static boolean same(Address a, Address b) {
    return a != null && b != null && a.wc == b.wc && java.util.Arrays.equals(a.hashPart, b.hashPart);
  }

  private static void require(boolean ok, int exitCode, String reason) {
    if (!ok) {
      throw new ChainRejection(exitCode, reason);
    }
  }
}
