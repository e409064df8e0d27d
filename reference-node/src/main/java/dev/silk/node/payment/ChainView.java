package dev.silk.node.payment;

import dev.silk.ton.TonAddress;
import java.util.Optional;

/** What the node reads from the chain about a payment channel. Implementations are thread-safe. */
public interface ChainView {
  /** The channel's on-chain data, or empty if no channel contract is active at {@code address}. */
  Optional<OnChainChannel> channel(TonAddress address);
}
