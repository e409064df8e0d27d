package dev.silk.ton.internal;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.ton.TonAddress;
import java.math.BigInteger;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;

/**
 * The cells of COCOON's contracts as COCOON's C++ builds them ({@code runners/smartcontracts}):
 * the params cell ({@code RootContractConfig::serialize_params_cell}), the initial data of proxy
 * and client contracts, and the StateInit whose hash is a contract's address
 * ({@code BaseRunner::generate_sc_init_data}).
 */
public final class CocoonCells {
  /** Which codes a params cell carries ({@code serialize_params_cell}'s bit mask). */
  public static final int PROXY_CODE = 1;
  public static final int WORKER_CODE = 2;
  public static final int CLIENT_CODE = 4;

  private CocoonCells() {}

  /** The params cell with the codes named by {@code codes} (a mask of the constants above). */
  public static Cell params(CocoonConfig c, int codes) {
    int v = c.structVersion();
    CellBuilder b = CellBuilder.beginCell().storeUint(v, 8).storeUint(c.paramsVersion() & 0xFFFFFFFFL, 32)
        .storeUint(c.uniqueId() & 0xFFFFFFFFL, 32).storeBit(c.isTest())
        .storeCoins(BigInteger.valueOf(c.pricePerToken())).storeCoins(BigInteger.valueOf(c.workerFeePerToken()));
    if (v >= 3) {
      b.storeUint(c.promptMultiplier() & 0xFFFFFFFFL, 32);
    }
    if (v >= 2) {
      b.storeUint(c.cachedMultiplier() & 0xFFFFFFFFL, 32);
    }
    if (v >= 3) {
      b.storeUint(c.completionMultiplier() & 0xFFFFFFFFL, 32);
    }
    if (v >= 2) {
      b.storeUint(c.reasoningMultiplier() & 0xFFFFFFFFL, 32);
    }
    b.storeUint(c.proxyDelayBeforeClose() & 0xFFFFFFFFL, 32).storeUint(c.clientDelayBeforeClose() & 0xFFFFFFFFL, 32);
    if (v >= 1) {
      b.storeCoins(BigInteger.valueOf(c.minProxyStake())).storeCoins(BigInteger.valueOf(c.minClientStake()));
    }
    maybeCode(b, (codes & PROXY_CODE) != 0, c.proxyCode());
    maybeCode(b, (codes & WORKER_CODE) != 0, c.workerCode());
    maybeCode(b, (codes & CLIENT_CODE) != 0, c.clientCode());
    return b.endCell();
  }

  private static void maybeCode(CellBuilder b, boolean wanted, byte[] boc) {
    if (wanted && boc == null) {
      throw new IllegalArgumentException("the root config publishes no code for this contract");
    }
    if (wanted) {
      b.storeBit(true).storeRef(Cell.fromBoc(boc));
    } else {
      b.storeBit(false);
    }
  }

  /** A proxy contract's initial data ({@code ProxyContract::init_data_cell}). */
  public static Cell proxyData(CocoonConfig c, TonAddress owner, byte[] proxyKey, TonAddress root) {
    return CellBuilder.beginCell().storeAddress(Ton4j.address(owner)).storeBytes(key(proxyKey))
        .storeAddress(Ton4j.address(root)).storeUint(0, 2).storeCoins(BigInteger.ZERO).storeCoins(BigInteger.ZERO)
        .storeUint(0, 32).storeRef(params(c, WORKER_CODE | CLIENT_CODE)).endCell();
  }

  /** A client contract's initial data ({@code ClientContract::init_data_cell}). */
  public static Cell clientData(CocoonConfig c, TonAddress owner, TonAddress proxyContract, byte[] proxyKey) {
    Cell constData = CellBuilder.beginCell().storeAddress(Ton4j.address(owner))
        .storeAddress(Ton4j.address(proxyContract)).storeBytes(key(proxyKey)).endCell();
    return CellBuilder.beginCell().storeUint(0, 2).storeCoins(BigInteger.ZERO)
        .storeCoins(BigInteger.valueOf(c.minClientStake())).storeUint(0, 64).storeUint(0, 32).storeUint(0, 256)
        .storeRef(constData).storeRef(params(c, 0)).endCell();
  }

  /** The StateInit of {@code code} and {@code data}: no split depth, not special, no libraries. */
  public static Cell stateInit(Cell code, Cell data) {
    return CellBuilder.beginCell().storeUint(0, 2).storeUint(3, 2).storeRef(code).storeRef(data).storeBit(false)
        .endCell();
  }

  /** The basechain address of the contract {@code stateInit} deploys. */
  public static TonAddress address(Cell stateInit) {
    return TonAddress.of(0, stateInit.hash());
  }

  private static byte[] key(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    return key;
  }
}
