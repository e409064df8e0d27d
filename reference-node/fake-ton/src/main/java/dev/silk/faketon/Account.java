package dev.silk.faketon;

import java.util.ArrayList;
import java.util.List;
import org.ton.java.cell.Cell;

/** One account of the fake chain: balance, code and data, and the contract running it. Guarded by the chain. */
final class Account {
  final String raw;
  long balance;
  Cell code;
  Cell data;
  ChannelContract channel;
  CocoonClientContract cocoonClient;
  long seqno;
  long walletId;
  byte[] walletKey;
  boolean v5;
  final List<Tx> txs = new ArrayList<>();

  Account(String raw) {
    this.raw = raw;
  }

  boolean active() {
    return code != null;
  }
}
