package dev.silk.faketon;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;

/** One transaction of the fake chain, as TON Center reports it. Immutable but for its outgoing messages. */
final class Tx {
  final long lt;
  final String hash;
  final long utime;
  final long fee;
  final String source;
  final String destination;
  final long value;
  final Cell body;
  final List<Object[]> outs = new ArrayList<>();

  Tx(long lt, long utime, long fee, String source, String destination, long value, Cell body) {
    this.lt = lt;
    this.utime = utime;
    this.fee = fee;
    this.source = source;
    this.destination = destination;
    this.value = value;
    this.body = body;
    this.hash = Base64.getEncoder().encodeToString(CellBuilder.beginCell().storeUint(lt, 64)
        .storeString(destination).endCell().hash());
  }
}
