package dev.silk.ton.cocoon;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.ton.TonAddress;
import dev.silk.ton.internal.CocoonCells;
import java.util.Objects;
import org.ton.java.cell.Cell;

/**
 * Where COCOON's proxy and client contracts live: each address is the hash of the StateInit that
 * the root config's code and the contract's initial data make, as COCOON's C++ derives them
 * ({@code BaseRunner::generate_proxy_sc_address}, {@code generate_client_sc_address}). A client
 * checks what a proxy says of itself against these before it authorizes or pays. Stateless.
 *
 * <pre>{@code
 * TonAddress proxySc = CocoonContracts.proxyContract(config, proxyOwner, proxyKey);
 * TonAddress mine = CocoonContracts.clientContract(config, wallet.address(), proxySc, proxyKey);
 * }</pre>
 */
public final class CocoonContracts {
  private CocoonContracts() {}

  /**
   * The proxy contract of {@code owner} with payment key {@code proxyKey} under {@code config}.
   *
   * @throws IllegalArgumentException if the config has no root address or no proxy code
   */
  public static TonAddress proxyContract(CocoonConfig config, TonAddress owner, byte[] proxyKey) {
    if (config.rootAddress() == null) {
      throw new IllegalArgumentException("the root config does not name its root contract");
    }
    Cell data = CocoonCells.proxyData(config, Objects.requireNonNull(owner, "owner"), proxyKey,
        TonAddress.parse(config.rootAddress()));
    return CocoonCells.address(CocoonCells.stateInit(code(config.proxyCode()), data));
  }

  /** The client contract of {@code owner} with the proxy at {@code proxyContract} under {@code config}. */
  public static TonAddress clientContract(CocoonConfig config, TonAddress owner, TonAddress proxyContract,
      byte[] proxyKey) {
    return CocoonCells.address(clientInit(config, owner, proxyContract, proxyKey));
  }

  /** That client contract's StateInit (a bag of cells), which deploys it. */
  public static byte[] clientStateInit(CocoonConfig config, TonAddress owner, TonAddress proxyContract,
      byte[] proxyKey) {
    return clientInit(config, owner, proxyContract, proxyKey).toBoc();
  }

  private static Cell clientInit(CocoonConfig config, TonAddress owner, TonAddress proxyContract, byte[] proxyKey) {
    Cell data = CocoonCells.clientData(config, Objects.requireNonNull(owner, "owner"),
        Objects.requireNonNull(proxyContract, "proxyContract"), proxyKey);
    return CocoonCells.stateInit(code(config.clientCode()), data);
  }

  private static Cell code(byte[] boc) {
    if (boc == null) {
      throw new IllegalArgumentException("the root config publishes no code for this contract");
    }
    return Cell.fromBoc(boc);
  }
}
