package dev.silk.cocoon.testproxy;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.ton.TonAddress;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.center.Transaction;
import dev.silk.ton.cocoon.ClientMessages;
import dev.silk.ton.cocoon.CocoonContracts;
import java.util.List;

/**
 * TEST DOUBLE: what a COCOON proxy learns of its clients from the chain, read as COCOON's proxy
 * reads it ({@code ProxyContract::on_transaction}): the {@code client_proxy_request} messages its
 * proxy contract received, each from the client contract the root config's code makes for that
 * owner (others are ignored), carrying the client contract's state and, for a registration, the
 * nonce. Reads through TON Center (the fake chain's). Thread-safe.
 */
final class ProxyChain {
  private static final int HISTORY = 100;

  private final TonCenterClient center;
  private final CocoonConfig config;
  private final TonAddress proxyContract;
  private final byte[] proxyKey;

  ProxyChain(TonCenterClient center, CocoonConfig config, TonAddress proxyContract, byte[] proxyKey) {
    this.center = center;
    this.config = config;
    this.proxyContract = proxyContract;
    this.proxyKey = proxyKey.clone();
  }

  TonAddress proxyContract() {
    return proxyContract;
  }

  TonAddress clientContract(TonAddress owner) {
    return CocoonContracts.clientContract(config, owner, proxyContract, proxyKey);
  }

  /** The newest state {@code owner}'s client contract reported, or null if it never did. */
  ClientMessages.ProxyRequest latest(TonAddress owner) {
    for (ClientMessages.ProxyRequest r : requests(owner)) {
      return r;
    }
    return null;
  }

  /** Whether {@code owner}'s client contract registered {@code nonce}. */
  boolean registered(TonAddress owner, long nonce) {
    for (ClientMessages.ProxyRequest r : requests(owner)) {
      if (r.payloadOp == ClientMessages.OP_PROXY_REGISTER && r.nonce == nonce) {
        return true;
      }
    }
    return false;
  }

  private List<ClientMessages.ProxyRequest> requests(TonAddress owner) {
    TonAddress expected = clientContract(owner);
    List<ClientMessages.ProxyRequest> out = new java.util.ArrayList<>();
    for (Transaction tx : center.getTransactions(proxyContract, HISTORY)) {
      Transaction.Message in = tx.inMessage().orElse(null);
      if (in == null || !in.source().map(expected::equals).orElse(false) || in.body().length == 0) {
        continue;
      }
      ClientMessages.ProxyRequest r = ClientMessages.parseProxyRequest(in.body());
      if (r != null && r.owner.equals(owner)) {
        out.add(r);
      }
    }
    return out;
  }
}
