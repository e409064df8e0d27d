package dev.silk.ton.internal;

import dev.silk.ton.TonAddress;
import org.ton.java.address.Address;

/** The one bridge between Silk's TON types and ton4j's, so ton4j never shows in the public API. */
public final class Ton4j {
  private Ton4j() {}

  public static Address address(TonAddress address) {
    return Address.of(address.toRaw());
  }

  public static TonAddress address(Address address) {
    return TonAddress.of(address.wc, address.hashPart);
  }
}
