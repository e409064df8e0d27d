package dev.silk.ton.center;

import static dev.silk.ton.internal.JsonTree.array;
import static dev.silk.ton.internal.JsonTree.base64;
import static dev.silk.ton.internal.JsonTree.integer;
import static dev.silk.ton.internal.JsonTree.longValue;
import static dev.silk.ton.internal.JsonTree.object;
import static dev.silk.ton.internal.JsonTree.string;

import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TON Center v2's JSON results read into typed values: amounts, get-method stacks (top-level and
 * tonlib's typed nested form), transactions and their messages, addresses. A field of the wrong
 * shape is an {@link IOException} naming it.
 */
final class TonCenterValues {
  private TonCenterValues() {}

  static TonAmount nanoton(Object v, String field) throws IOException {
    BigInteger n = integer(v, field);
    if (n.signum() < 0 || n.bitLength() > 63) {
      throw new IOException(field + " is not an amount of nanoTON");
    }
    return TonAmount.ofNanoton(n.longValue());
  }

  /** A top-level stack entry: {@code ["num","0x…"]}, {@code ["cell",{"bytes":…}]}, {@code ["tuple",{"elements":[…]}]}. */
  static StackEntry topEntry(Object e) throws IOException {
    List<?> pair = array(e, "stack entry");
    if (pair.size() != 2 || !(pair.get(0) instanceof String)) {
      throw new IOException("a stack entry is [type, value]");
    }
    String type = (String) pair.get(0);
    Object value = pair.get(1);
    switch (type) {
      case "null":
        return StackEntry.nullEntry();
      case "num":
      case "number":
      case "int":
        return StackEntry.number(integer(value, "num"));
      case "cell":
        return StackEntry.cell(StackEntry.Kind.CELL, base64(object(value, "cell"), "bytes"));
      case "slice":
        return StackEntry.cell(StackEntry.Kind.SLICE, base64(object(value, "slice"), "bytes"));
      case "tuple":
      case "list":
        List<StackEntry> elements = new ArrayList<>();
        for (Object element : array(object(value, type).get("elements"), "elements")) {
          elements.add(typedEntry(object(element, "element")));
        }
        return StackEntry.tuple("tuple".equals(type) ? StackEntry.Kind.TUPLE : StackEntry.Kind.LIST, elements);
      default:
        throw new IOException("unknown stack entry type '" + type + "'");
    }
  }

  /** A nested entry in tonlib's typed form: {@code {"@type":"tvm.stackEntryNumber","number":{"number":"5"}}}. */
  static StackEntry typedEntry(Map<?, ?> e) throws IOException {
    String type = string(e, "@type");
    if ("tvm.stackEntryNumber".equals(type)) {
      return StackEntry.number(integer(object(e.get("number"), "number").get("number"), "number"));
    } else if ("tvm.stackEntryCell".equals(type)) {
      return StackEntry.cell(StackEntry.Kind.CELL, base64(object(e.get("cell"), "cell"), "bytes"));
    } else if ("tvm.stackEntrySlice".equals(type)) {
      return StackEntry.cell(StackEntry.Kind.SLICE, base64(object(e.get("slice"), "slice"), "bytes"));
    } else if ("tvm.stackEntryTuple".equals(type) || "tvm.stackEntryList".equals(type)) {
      boolean tuple = "tvm.stackEntryTuple".equals(type);
      Map<?, ?> inner = object(e.get(tuple ? "tuple" : "list"), tuple ? "tuple" : "list");
      List<StackEntry> elements = new ArrayList<>();
      for (Object element : array(inner.get("elements"), "elements")) {
        elements.add(typedEntry(object(element, "element")));
      }
      return StackEntry.tuple(tuple ? StackEntry.Kind.TUPLE : StackEntry.Kind.LIST, elements);
    }
    throw new IOException("unknown stack entry type '" + type + "'");
  }

  static Transaction transaction(Map<?, ?> t) throws IOException {
    Map<?, ?> id = object(t.get("transaction_id"), "transaction_id");
    Transaction.Message in = t.get("in_msg") == null ? null : message(object(t.get("in_msg"), "in_msg"));
    List<Transaction.Message> out = new ArrayList<>();
    for (Object m : array(t.get("out_msgs"), "out_msgs")) {
      out.add(message(object(m, "out_msg")));
    }
    return new Transaction(longValue(id, "lt", 0), string(id, "hash"), longValue(t, "utime", 0),
        nanoton(t.get("fee"), "fee"), in, out);
  }

  static Transaction.Message message(Map<?, ?> m) throws IOException {
    Map<?, ?> data = m.get("msg_data") == null ? null : object(m.get("msg_data"), "msg_data");
    byte[] body = data == null ? new byte[0] : base64(data, "body");
    return new Transaction.Message(address(string(m, "source")), address(string(m, "destination")),
        m.get("value") == null ? TonAmount.ZERO : nanoton(m.get("value"), "value"), body);
  }

  static TonAddress address(String s) throws IOException {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return TonAddress.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IOException("not an address: " + s);
    }
  }

  // ---- calling ----
}
