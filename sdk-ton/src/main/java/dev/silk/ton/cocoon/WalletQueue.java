package dev.silk.ton.cocoon;

import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.center.AddressInformation;
import dev.silk.ton.center.GetMethodResult;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.wallet.SentTransfer;
import dev.silk.ton.wallet.TonWallet;
import dev.silk.ton.wallet.Transfer;
import java.time.Duration;
import java.util.Collections;

/**
 * Sends a wallet's transfers one at a time: a wallet accepts one message per seqno, so each
 * transfer waits until the chain has taken the previous one. Thread-safe.
 */
final class WalletQueue {
  private final TonCenterClient center;
  private final TonWallet wallet;
  private final Duration patience;
  private long lastSeqno = -1;

  WalletQueue(TonCenterClient center, TonWallet wallet, Duration patience) {
    this.center = center;
    this.wallet = wallet;
    this.patience = patience;
  }

  TonWallet wallet() {
    return wallet;
  }

  synchronized SentTransfer send(TonAddress to, TonAmount amount, byte[] body, byte[] stateInit, boolean bounce) {
    awaitPrevious();
    Transfer.Builder t = Transfer.builder(to, amount).bounce(bounce).body(body);
    if (stateInit != null) {
      t.stateInit(stateInit);
    }
    SentTransfer sent = wallet.transfer(center, t.build());
    lastSeqno = sent.seqno();
    return sent;
  }

  private void awaitPrevious() {
    if (lastSeqno < 0) {
      return;
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while (seqno() <= lastSeqno) {
      if (System.nanoTime() > deadline) {
        throw new SilkException("ton_wallet_stuck", "the wallet's transfer with seqno " + lastSeqno
            + " did not reach the chain in " + patience.getSeconds() + " s", null);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SilkException("interrupted", "interrupted while waiting for the wallet's previous transfer", e);
      }
    }
  }

  private long seqno() {
    AddressInformation info = center.getAddressInformation(wallet.address());
    if (info.state() != AddressInformation.State.ACTIVE) {
      return 0;
    }
    GetMethodResult r = center.runGetMethod(wallet.address(), "seqno", Collections.emptyList());
    return r.succeeded() && !r.stack().isEmpty() ? Exact.longOf(r.stack().get(0).asNumber()) : 0;
  }
}
