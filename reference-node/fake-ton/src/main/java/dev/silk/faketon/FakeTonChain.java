package dev.silk.faketon;

import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;
import org.ton.java.smartcontract.types.WalletCodes;
import org.ton.java.tlb.ActionSendMsg;
import org.ton.java.tlb.ExternalMessageInInfo;
import org.ton.java.tlb.InternalMessageInfoRelaxed;
import org.ton.java.tlb.Message;
import org.ton.java.tlb.MessageRelaxed;
import org.ton.java.tlb.OutAction;
import org.ton.java.tlb.OutList;
import org.ton.java.tlb.StateInit;

/**
 * A local stand-in for the TON chain, for tests and local runs: accounts with balances, wallet
 * v4r2 and v5r1 contracts and the payment-channel contract, driven by the same messages the
 * real chain accepts (signatures, seqnos, wallet ids, validity and StateInit hashes checked).
 * It is NOT the real chain: fees are flat ({@link #EXTERNAL_FEE}, {@link #FORWARD_FEE}), blocks
 * do not exist (a message is applied when it arrives), and only these contracts run.
 * {@code @ton/sandbox} (TON's own emulator) runs the same message sequence in CI. Thread-safe.
 */
public final class FakeTonChain {
  /** What importing and running an external message costs the wallet. */
  public static final long EXTERNAL_FEE = 3_000_000;
  /** What forwarding and running one internal message costs its sender. */
  public static final long FORWARD_FEE = 1_000_000;

  static final byte[] V4R2_CODE = code(WalletCodes.V4R2.getValue());
  static final byte[] V5R1_CODE = code(WalletCodes.V5R1.getValue());
  static final byte[] CHANNEL_CODE = code(WalletCodes.payments.getValue());
  private static final long V5_SIGNED_EXTERNAL = 0x7369676EL;

  private final Map<String, Account> accounts = new HashMap<>();
  private final java.util.Set<String> cocoonClientCodes = new java.util.HashSet<>();
  private final Clock clock;
  private long lt = 1_000_000;
  private long timeOffset;

  public FakeTonChain(Clock clock) {
    this.clock = clock;
  }

  private static byte[] code(String hexBoc) {
    return CellBuilder.beginCell().fromBoc(hexBoc).endCell().hash();
  }

  /** The chain's time: the clock plus whatever tests skipped ahead. */
  public synchronized long now() {
    return clock.instant().getEpochSecond() + timeOffset;
  }

  /** Moves the chain's clock forward (for quarantine tests). */
  public synchronized void advance(long seconds) {
    timeOffset += seconds;
  }

  private Account account(String raw) {
    return accounts.computeIfAbsent(raw, Account::new);
  }

  static String raw(Address a) {
    return a.toRaw().toLowerCase(java.util.Locale.ROOT);
  }

  /** Credits an account out of thin air: the local faucet. */
  public synchronized void give(String rawAddress, long amount) {
    Account a = account(Address.of(rawAddress).toRaw().toLowerCase(java.util.Locale.ROOT));
    a.balance += amount;
    a.txs.add(0, new Tx(++lt, now(), 0, "", a.raw, amount, null));
  }

  // ---- external messages (sendBoc) ----

  /**
   * Applies an external message to a wallet, and the internal messages it sends.
   *
   * @return the message's hash (base64)
   * @throws ChainRejection if the wallet does not accept it (as the real chain would drop it)
   */
  public synchronized String sendExternal(byte[] boc) {
    Cell root;
    Message m;
    try {
      root = Cell.fromBoc(boc);
      m = Message.deserialize(CellSlice.beginParse(root));
    } catch (RuntimeException | Error e) {
      throw new ChainRejection(-1, "not a message BOC");
    }
    if (!(m.getInfo() instanceof ExternalMessageInInfo)) {
      throw new ChainRejection(-1, "not an inbound external message");
    }
    Account w = account(raw(((ExternalMessageInInfo) m.getInfo()).getDstAddr().toAddress()));
    if (!w.active() && m.getInit() != null) {
      deploy(w, m.getInit());
    }
    if (w.walletKey == null) {
      throw new ChainRejection(-1, "external message to an account that is not a wallet");
    }
    if (w.balance < EXTERNAL_FEE) {
      throw new ChainRejection(-1, "cannot pay for importing this external message");
    }
    List<MessageRelaxed> outs = new ArrayList<>();
    List<Integer> modes = new ArrayList<>();
    CellSlice body = CellSlice.beginParse(m.getBody());
    if (w.v5) {
      int bits = m.getBody().getBits().getUsedBits();
      CellSlice copy = body.clone();
      Cell request = CellBuilder.beginCell().storeBitString(copy.loadBits(bits - 512))
          .storeRefs(m.getBody().getRefs()).endCell();
      byte[] signature = copy.loadBytes(512);
      checkWallet(w, request.hash(), signature, body, V5_SIGNED_EXTERNAL);
      Cell outList = body.loadMaybeRefX();
      if (body.loadBit()) {
        throw new ChainRejection(-1, "extended actions are not supported by this chain");
      }
      if (outList != null) {
        for (OutAction action : OutList.deserialize(CellSlice.beginParse(outList)).getActions()) {
          ActionSendMsg send = (ActionSendMsg) action;
          outs.add(send.getOutMsg());
          modes.add(send.getMode());
        }
      }
    } else {
      byte[] signature = body.loadBytes(512);
      Cell request = CellBuilder.beginCell().storeCell(body.clone().sliceToCell()).endCell();
      checkWallet(w, request.hash(), signature, body, -1);
      if (body.loadUint(8).intValue() != 0) {
        throw new ChainRejection(-1, "only simple sends are supported by this chain");
      }
      while (body.getRefsCount() > 0) {
        modes.add(body.loadUint(8).intValue());
        outs.add(MessageRelaxed.deserialize(CellSlice.beginParse(body.loadRef())));
      }
    }
    w.seqno++;
    w.balance -= EXTERNAL_FEE;
    Tx tx = new Tx(++lt, now(), EXTERNAL_FEE, "", w.raw, 0, rebuilt(m.getBody()));
    w.txs.add(0, tx);
    for (int i = 0; i < outs.size(); i++) {
      MessageRelaxed out = outs.get(i);
      InternalMessageInfoRelaxed info = (InternalMessageInfoRelaxed) out.getInfo();
      long value = info.getValue().getCoins().longValueExact();
      if (w.balance < value + FORWARD_FEE) {
        continue; // mode 2 (ignore errors) or not: the real wallet skips a message it cannot pay
      }
      w.balance -= value + FORWARD_FEE;
      String to = raw(info.getDstAddr().toAddress());
      tx.outs.add(new Object[] {to, value});
      deliver(w.raw, to, value, Boolean.TRUE.equals(info.getBounce()), out.getInit(), rebuilt(out.getBody()));
    }
    return Base64.getEncoder().encodeToString(root.hash());
  }

  /** A cell rebuilt with its hashes: ton4j leaves them out of a body it cut from a message. */
  private static Cell rebuilt(Cell c) {
    if (c == null) {
      return null;
    }
    CellBuilder b = CellBuilder.beginCell().storeBitString(CellSlice.beginParse(c).loadBits(c.getBits().getUsedBits()));
    for (Cell ref : c.getRefs()) {
      b.storeRef(rebuilt(ref));
    }
    return b.endCell();
  }

  private void checkWallet(Account w, byte[] requestHash, byte[] signature, CellSlice body, long prefix) {
    if (!ChannelContract.verify(w.walletKey, requestHash, signature)) {
      throw new ChainRejection(35, "bad wallet signature");
    }
    if (prefix >= 0 && body.loadUint(32).longValue() != prefix) {
      throw new ChainRejection(-1, "not a signed external request");
    }
    if (body.loadUint(32).longValue() != w.walletId) {
      throw new ChainRejection(34, "wrong wallet id");
    }
    if (body.loadUint(32).longValue() <= now()) {
      throw new ChainRejection(36, "message expired (valid_until passed)");
    }
    if (body.loadUint(32).longValue() != w.seqno) {
      throw new ChainRejection(33, "wrong seqno");
    }
  }

  private void deploy(Account a, StateInit init) {
    if (!raw(init.getAddress()).equals(a.raw)) {
      return; // a StateInit that does not hash to this address is ignored
    }
    byte[] codeHash = init.getCode().hash();
    CellSlice data = CellSlice.beginParse(init.getData());
    if (Arrays.equals(codeHash, V4R2_CODE)) {
      a.seqno = data.loadUint(32).longValue();
      a.walletId = data.loadUint(32).longValue();
      a.walletKey = data.loadBytes(256);
    } else if (Arrays.equals(codeHash, V5R1_CODE)) {
      if (!data.loadBit()) {
        throw new ChainRejection(-1, "wallet v5 with signatures disabled");
      }
      a.v5 = true;
      a.seqno = data.loadUint(32).longValue();
      a.walletId = data.loadUint(32).longValue();
      a.walletKey = data.loadBytes(256);
    } else if (Arrays.equals(codeHash, CHANNEL_CODE)) {
      a.channel = new ChannelContract(init.getData());
    } else if (cocoonClientCodes.contains(Base64.getEncoder().encodeToString(codeHash))) {
      a.cocoonClient = new CocoonClientContract(init.getData(), Address.of(a.raw));
    } else {
      throw new ChainRejection(-1, "this chain runs wallets v4r2/v5r1, payment channels and COCOON client contracts"
          + " only");
    }
    a.code = init.getCode();
    a.data = init.getData();
  }

  // ---- internal messages ----

  private void deliver(String from, String to, long value, boolean bounce, StateInit init, Cell body) {
    Account a = account(to);
    a.balance += value;
    Tx tx = new Tx(++lt, now(), 0, from, to, value, body);
    a.txs.add(0, tx);
    if (!a.active() && init != null) {
      deploy(a, init);
    }
    if (body == null || body.getBits().getUsedBits() < 32) {
      return;
    }
    if (a.channel != null) {
      deliverToChannel(a, tx, from, value, bounce, body);
    } else if (a.cocoonClient != null) {
      deliverToCocoonClient(a, tx, from, value, bounce, body);
    }
  }

  private void deliverToChannel(Account a, Tx tx, String from, long value, boolean bounce, Cell body) {
    ChannelContract before = a.channel.copy();
    try {
      List<ChannelContract.Payout> payouts = a.channel.receive(body, a.balance, now());
      a.balance -= Math.min(a.balance, FORWARD_FEE);
      for (ChannelContract.Payout p : payouts) {
        long amount = p.all ? a.balance : Math.min(p.amount, a.balance);
        a.balance -= amount;
        long delivered = Math.max(0, amount - FORWARD_FEE);
        tx.outs.add(new Object[] {raw(p.to), delivered});
        deliver(a.raw, raw(p.to), delivered, false, null, CellBuilder.beginCell()
            .storeUint(ChannelContract.OP_CHANNEL_CLOSED, 32).storeUint(a.channel.channelId, 128).endCell());
      }
    } catch (RuntimeException | Error e) {
      a.channel = before;
      bounce(a, tx, from, value, bounce, e);
    }
  }

  private void deliverToCocoonClient(Account a, Tx tx, String from, long value, boolean bounce, Cell body) {
    CocoonClientContract before = a.cocoonClient.copy();
    List<CocoonClientContract.Out> outs;
    try {
      outs = a.cocoonClient.receive(Address.of(from), value, body, now());
    } catch (RuntimeException | Error e) {
      a.cocoonClient = before;
      bounce(a, tx, from, value, bounce, e);
      return;
    }
    a.data = a.cocoonClient.data();
    for (CocoonClientContract.Out out : outs) {
      long amount = Math.min(out.value, a.balance);
      a.balance -= amount;
      tx.outs.add(new Object[] {raw(out.to), amount});
      deliver(a.raw, raw(out.to), amount, false, null, out.body);
    }
  }

  private void bounce(Account a, Tx tx, String from, long value, boolean bounce, Throwable e) {
    long back = Math.max(0, value - FORWARD_FEE);
    if (bounce && back > 0) {
      a.balance -= value;
      tx.outs.add(new Object[] {from, back});
      account(from).balance += back;
      account(from).txs.add(0, new Tx(++lt, now(), 0, a.raw, from, back, null));
    }
    lastRejection = e instanceof ChainRejection ? ((ChainRejection) e).exitCode : -1;
  }

  /**
   * Puts a contract whose code this chain does not run (COCOON's root or a proxy contract): its
   * data is read as the real one's, and messages to it are recorded, not run.
   */
  public synchronized void putContract(String rawAddress, byte[] codeBoc, byte[] dataBoc, long balance) {
    Account a = account(raw(Address.of(rawAddress)));
    a.code = Cell.fromBoc(codeBoc);
    a.data = Cell.fromBoc(dataBoc);
    a.balance += balance;
    a.txs.add(0, new Tx(++lt, now(), 0, "", a.raw, balance, null));
  }

  /** Runs COCOON client contracts deployed with this code (a bag of cells): the root config's. */
  public synchronized void runCocoonClientCode(byte[] codeBoc) {
    cocoonClientCodes.add(Base64.getEncoder().encodeToString(Cell.fromBoc(codeBoc).hash()));
  }

  private int lastRejection;

  /** The exit code of the last contract call that aborted (0 if none did yet); for tests. */
  public synchronized int lastRejection() {
    return lastRejection;
  }

  // ---- reads ----

  /** An account's state in TON Center's {@code raw.fullAccountState} terms. */
  public synchronized Map<String, Object> accountState(String rawAddress) {
    Account a = account(raw(Address.of(rawAddress)));
    Map<String, Object> r = new HashMap<>();
    r.put("@type", "raw.fullAccountState");
    r.put("balance", Long.toString(a.balance));
    r.put("code", a.code == null ? "" : Base64.getEncoder().encodeToString(a.code.toBoc()));
    r.put("data", a.data == null ? "" : Base64.getEncoder().encodeToString(a.data.toBoc()));
    Map<String, Object> last = new HashMap<>();
    last.put("@type", "internal.transactionId");
    last.put("lt", a.txs.isEmpty() ? "0" : Long.toString(a.txs.get(0).lt));
    last.put("hash", a.txs.isEmpty() ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" : a.txs.get(0).hash);
    r.put("last_transaction_id", last);
    r.put("frozen_hash", "");
    r.put("sync_utime", now());
    r.put("state", a.active() ? "active" : "uninitialized");
    return r;
  }

  public synchronized long balance(String rawAddress) {
    return account(raw(Address.of(rawAddress))).balance;
  }

  /** Runs a get-method: {@code exit_code} and the stack in TON Center's form. */
  public synchronized Map<String, Object> runGetMethod(String rawAddress, String method) {
    Account a = account(raw(Address.of(rawAddress)));
    List<Object> stack = new ArrayList<>();
    int exit = 0;
    if (!a.active()) {
      exit = -13;
    } else if (a.walletKey != null && "seqno".equals(method)) {
      stack.add(TonCenterJson.num(BigInteger.valueOf(a.seqno)));
    } else if (a.walletKey != null && "get_public_key".equals(method)) {
      stack.add(TonCenterJson.num(new BigInteger(1, a.walletKey)));
    } else if (a.channel != null && "get_channel_state".equals(method)) {
      stack.add(TonCenterJson.num(BigInteger.valueOf(a.channel.state(now()))));
    } else if (a.channel != null && "get_channel_data".equals(method)) {
      ChannelContract c = a.channel;
      stack.add(TonCenterJson.num(BigInteger.valueOf(c.state(now()))));
      stack.add(TonCenterJson.tuple(TonCenterJson.typed(c.balanceA), TonCenterJson.typed(c.balanceB)));
      stack.add(TonCenterJson.tuple(TonCenterJson.typed(new BigInteger(1, c.keyA)), TonCenterJson.typed(new BigInteger(1, c.keyB))));
      stack.add(TonCenterJson.num(c.channelId));
      stack.add(TonCenterJson.tuple(TonCenterJson.typed(c.quarantineDuration), TonCenterJson.typed(c.fine), TonCenterJson.typed(c.conditionalCloseDuration)));
      stack.add(TonCenterJson.tuple(TonCenterJson.typed(c.committedA), TonCenterJson.typed(c.committedB)));
      stack.add(c.quarantine == null ? Arrays.asList("null", null) : TonCenterJson.cell(TonCenterJson.quarantineCell(c.quarantine)));
    } else {
      exit = 11;
    }
    Map<String, Object> r = new HashMap<>();
    r.put("@type", "smc.runResult");
    r.put("gas_used", 0);
    r.put("stack", stack);
    r.put("exit_code", exit);
    return r;
  }

  /** The account's transactions, newest first, in TON Center's {@code raw.transaction} form. */
  public synchronized List<Object> transactions(String rawAddress, int limit) {
    Account a = account(raw(Address.of(rawAddress)));
    List<Object> out = new ArrayList<>();
    for (Tx t : a.txs.subList(0, Math.min(limit, a.txs.size()))) {
      out.add(TonCenterJson.transaction(t));
    }
    return out;
  }
}
