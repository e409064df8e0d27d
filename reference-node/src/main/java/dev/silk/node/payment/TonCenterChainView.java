package dev.silk.node.payment;

import dev.silk.ton.TonAddress;
import dev.silk.ton.center.AddressInformation;
import dev.silk.ton.center.GetMethodResult;
import dev.silk.ton.center.StackEntry;
import dev.silk.ton.center.TonCenterClient;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads channels through TON Center v2 ({@code runGetMethod get_channel_data}), so the node works
 * against mainnet, testnet or a local chain that speaks the same API. Thread-safe.
 */
public final class TonCenterChainView implements ChainView {
  private final TonCenterClient center;

  public TonCenterChainView(TonCenterClient center) {
    this.center = center;
  }

  @Override
  public Optional<OnChainChannel> channel(TonAddress address) {
    if (center.getAddressInformation(address).state() != AddressInformation.State.ACTIVE) {
      return Optional.empty();
    }
    GetMethodResult r = center.runGetMethod(address, "get_channel_data", Collections.emptyList());
    if (!r.succeeded() || r.stack().size() < 4) {
      return Optional.empty();
    }
    List<StackEntry> s = r.stack();
    List<StackEntry> balances = s.get(1).asElements();
    List<StackEntry> keys = s.get(2).asElements();
    return Optional.of(new OnChainChannel(s.get(0).asNumber().intValueExact(),
        balances.get(0).asNumber().longValueExact(), balances.get(1).asNumber().longValueExact(),
        key(keys.get(0).asNumber()), key(keys.get(1).asNumber()), s.get(3).asNumber(),
        s.size() > 5 ? s.get(5).asElements().get(0).asNumber().longValueExact() : 0));
  }

  private static byte[] key(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] key = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, key, 32 - copy, copy);
    return key;
  }
}
