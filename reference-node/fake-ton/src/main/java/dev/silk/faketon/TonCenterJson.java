package dev.silk.faketon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;

/** The fake chain's answers in TON Center v2's JSON shapes (messages, stack entries, cells). */
final class TonCenterJson {
  private TonCenterJson() {}

  /** The chain's flat fees as {@code estimateFee} reports them for an external message. */
  static Map<String, Object> flatFees() {
    Map<String, Object> fees = new HashMap<>();
    fees.put("@type", "fees");
    fees.put("in_fwd_fee", 0);
    fees.put("storage_fee", 0);
    fees.put("gas_fee", FakeTonChain.EXTERNAL_FEE);
    fees.put("fwd_fee", FakeTonChain.FORWARD_FEE);
    Map<String, Object> r = new HashMap<>();
    r.put("@type", "query.fees");
    r.put("source_fees", fees);
    r.put("destination_fees", Collections.emptyList());
    return r;
  }

  /** A transaction in TON Center's {@code raw.transaction} form. */
  static Map<String, Object> transaction(Tx t) {
    Map<String, Object> tx = new HashMap<>();
    tx.put("@type", "raw.transaction");
    tx.put("utime", t.utime);
    Map<String, Object> id = new HashMap<>();
    id.put("lt", Long.toString(t.lt));
    id.put("hash", t.hash);
    tx.put("transaction_id", id);
    tx.put("fee", Long.toString(t.fee));
    tx.put("in_msg", message(t.source, t.destination, t.value, t.body));
    List<Object> outs = new ArrayList<>();
    for (Object[] o : t.outs) {
      outs.add(message(t.destination, (String) o[0], (Long) o[1], null));
    }
    tx.put("out_msgs", outs);
    return tx;
  }

  static Map<String, Object> message(String source, String destination, long value, Cell body) {
    Map<String, Object> m = new HashMap<>();
    m.put("@type", "raw.message");
    m.put("source", source);
    m.put("destination", destination);
    m.put("value", Long.toString(value));
    Map<String, Object> data = new HashMap<>();
    data.put("@type", "msg.dataRaw");
    data.put("body", body == null ? "" : Base64.getEncoder().encodeToString(body.toBoc()));
    data.put("init_state", "");
    m.put("msg_data", data);
    return m;
  }

  /** The quarantine as the contract stores it: both states, start time, who committed, challenged. */
  static Cell quarantineCell(ChannelContract.Quarantine q) {
    return CellBuilder.beginCell()
        .storeUint(q.seqnoA, 64).storeCoins(BigInteger.valueOf(q.sentA)).storeBit(false)
        .storeUint(q.seqnoB, 64).storeCoins(BigInteger.valueOf(q.sentB)).storeBit(false)
        .storeUint(q.startedAt, 32).storeBit(q.committedByA).storeBit(q.challenged)
        .endCell();
  }

  static List<Object> cell(Cell c) {
    Map<String, Object> value = new HashMap<>();
    value.put("bytes", Base64.getEncoder().encodeToString(c.toBoc()));
    value.put("object", new HashMap<>());
    return Arrays.asList("cell", value);
  }

  static List<Object> num(BigInteger n) {
    return Arrays.asList("num", (n.signum() < 0 ? "-0x" : "0x") + n.abs().toString(16));
  }

  static Map<String, Object> typed(long n) {
    return typed(BigInteger.valueOf(n));
  }

  static Map<String, Object> typed(BigInteger n) {
    Map<String, Object> number = new HashMap<>();
    number.put("@type", "tvm.numberDecimal");
    number.put("number", n.toString());
    Map<String, Object> e = new HashMap<>();
    e.put("@type", "tvm.stackEntryNumber");
    e.put("number", number);
    return e;
  }

  static List<Object> tuple(Object... elements) {
    Map<String, Object> t = new HashMap<>();
    t.put("@type", "tvm.tuple");
    t.put("elements", Arrays.asList(elements));
    return Arrays.asList("tuple", t);
  }
}
