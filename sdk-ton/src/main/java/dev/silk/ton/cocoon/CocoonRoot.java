package dev.silk.ton.cocoon;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonNetwork;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.ton.TonAddress;
import dev.silk.ton.center.AddressInformation;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.internal.CocoonCells;
import dev.silk.ton.internal.Exact;
import dev.silk.ton.internal.Ton4j;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.ton.java.address.Address;
import org.ton.java.bitstring.BitString;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;
import org.ton.java.cell.TonHashMapE;

/**
 * COCOON's root contract as a {@link CocoonNetwork}: its data read through TON Center and parsed
 * as COCOON's {@code RootContractConfig::load_from_state} reads it, re-read when older than the
 * refresh period. A config that does not parse is refused whole; so is one whose version is
 * below (or, with different content, equal to) the one in use: the client keeps the config it
 * has. Thread-safe.
 *
 * <pre>{@code
 * CocoonNetwork network = CocoonRoot.builder(tonCenter).build();   // mainnet's root
 * CocoonConfig config = network.config();
 * }</pre>
 */
public final class CocoonRoot implements CocoonNetwork {
  private static final Logger LOG = Logger.getLogger(CocoonRoot.class.getName());
  /** COCOON's root contract on mainnet. */
  public static final TonAddress MAINNET = TonAddress.parse("EQCns7bYSp0igFvS1wpb5wsZjCKCV19MD5AVzI4EyxsnU73k");
  /** A registered proxy of kind 0: an IPv4 {@code host:port}, or one for workers and one for clients. */
  private static final int KIND_IPV4 = 0;

  private final TonCenterClient center;
  private final TonAddress address;
  private final Duration refreshAfter;
  private final Duration retryAfter;
  private final Clock clock;
  private CocoonConfig current;
  private byte[] currentData;
  private Instant nextRead = Instant.MIN;
  private String lastRefusal;

  private CocoonRoot(Builder b) {
    this.center = b.center;
    this.address = b.address;
    this.refreshAfter = b.refreshAfter;
    this.retryAfter = b.retryAfter;
    this.clock = b.clock;
  }

  public static Builder builder(TonCenterClient center) {
    return new Builder(center);
  }

  public TonAddress address() {
    return address;
  }

  /**
   * The config in use, re-read from the chain when older than the refresh period.
   *
   * @throws SilkException if no config was ever read and none can be now (chain unreachable,
   *     root not deployed, data that does not parse)
   */
  @Override
  public synchronized CocoonConfig config() {
    Instant now = clock.instant();
    if (current != null && now.isBefore(nextRead)) {
      return current;
    }
    try {
      AddressInformation info = center.getAddressInformation(address);
      byte[] data = info.data();
      if (info.state() != AddressInformation.State.ACTIVE || data == null || data.length == 0) {
        throw new VerificationException("cocoon_root_missing", "COCOON's root contract " + address
            + " is not deployed", null);
      }
      adopt(parse(address, data), data);
      nextRead = now.plus(refreshAfter);
    } catch (SilkException e) {
      if (current == null) {
        throw e;
      }
      LOG.warning("Silk: COCOON's root config could not be re-read (" + e.getMessage() + "); keeping version "
          + current.version());
      nextRead = now.plus(retryAfter);
    }
    return current;
  }

  private void adopt(CocoonConfig read, byte[] data) {
    if (current == null || read.version() > current.version()) {
      current = read;
      currentData = data;
      return;
    }
    if (read.version() == current.version() && Arrays.equals(data, currentData)) {
      return;
    }
    lastRefusal = read.version() < current.version()
        ? "the root config's version went back from " + current.version() + " to " + read.version()
        : "the root config changed without a new version (" + read.version() + ")";
    LOG.warning("Silk: refused COCOON's root config: " + lastRefusal + "; keeping version " + current.version());
  }

  /** Why the last config read was refused, if one was. */
  public synchronized Optional<String> lastRefusal() {
    return Optional.ofNullable(lastRefusal);
  }

  /**
   * Parses the root contract's data (a bag of cells) as COCOON does.
   *
   * @throws VerificationException ({@code cocoon_root_malformed}) if any part of it does not parse
   */
  public static CocoonConfig parse(TonAddress root, byte[] dataBoc) {
    Objects.requireNonNull(root, "root");
    try {
      return read(root, Cell.fromBoc(dataBoc));
    } catch (VerificationException e) {
      throw e;
    } catch (RuntimeException | Error e) { // ton4j reports short cells as Errors
      throw malformed("does not parse: " + e.getMessage());
    }
  }

  private static CocoonConfig read(TonAddress root, Cell top) {
    CellSlice cs = CellSlice.beginParse(top);
    Address owner = cs.loadAddress();
    if (owner == null) {
      throw malformed("no owner");
    }
    Cell data = cs.loadRef();
    Cell params = cs.loadRef();
    long version = cs.loadUint(32).longValue();
    CocoonConfig.Builder b = CocoonConfig.builder().root(root.toRaw(), Ton4j.address(owner).toRaw())
        .version((int) version);
    int structVersion = readParams(CellSlice.beginParse(params), b);
    if (structVersion >= 4) {
      cs.loadRef(); // the root's key manager: nothing a client reads
    }
    end(cs, "root");
    readData(CellSlice.beginParse(data), b);
    return b.build();
  }

  private static int readParams(CellSlice p, CocoonConfig.Builder b) {
    int v = p.loadUint(8).intValue();
    if (v > CocoonConfig.MAX_STRUCT_VERSION) {
      throw malformed("params struct version " + v + " is newer than Silk reads (" + CocoonConfig.MAX_STRUCT_VERSION
          + ")");
    }
    b.structVersion(v).paramsVersion(u32(p)).uniqueId(u32(p))
        .isTest(p.loadBit());
    b.prices(coins(p), coins(p));
    int prompt = v >= 3 ? u32(p) : CocoonConfig.MULTIPLIER_ONE;
    int cached = v >= 2 ? u32(p) : CocoonConfig.MULTIPLIER_ONE;
    int completion = v >= 3 ? u32(p) : CocoonConfig.MULTIPLIER_ONE;
    int reasoning = v >= 2 ? u32(p) : CocoonConfig.MULTIPLIER_ONE;
    b.multipliers(prompt, cached, completion, reasoning);
    b.delaysBeforeClose(u32(p), u32(p));
    long oneTon = 1_000_000_000L;
    b.stakes(v >= 1 ? coins(p) : oneTon, v >= 1 ? coins(p) : oneTon);
    byte[] proxyCode = maybeCode(p);
    byte[] workerCode = maybeCode(p);
    byte[] clientCode = maybeCode(p);
    b.codes(proxyCode, workerCode, clientCode);
    end(p, "params");
    return v;
  }

  private static void readData(CellSlice d, CocoonConfig.Builder b) {
    for (Object key : dict(d, 256).elements.keySet()) {
      b.addProxyImageHash(hex256(key));
    }
    TonHashMapE proxies = dict(d, 32);
    for (Map.Entry<Object, Object> e : proxies.elements.entrySet()) {
      CellSlice value = CellSlice.beginParse((Cell) e.getValue());
      if ((value.loadBit() ? 1 : 0) != KIND_IPV4) {
        continue; // COCOON's client reads kind 0 only
      }
      int length = value.loadUint(7).intValue();
      String text = new String(value.loadBytes(length * 8), java.nio.charset.StandardCharsets.US_ASCII);
      int space = text.indexOf(' ');
      String forClients = space < 0 ? text : text.substring(space + 1);
      try {
        b.addProxy(forClients);
      } catch (IllegalArgumentException skipped) {
        LOG.fine("Silk: skipped a registered COCOON proxy whose address does not parse");
      }
    }
    b.lastProxySeqno(u32(d));
    for (Object key : dict(d, 256).elements.keySet()) {
      b.addWorkerImageHash(hex256(key));
    }
    for (Object key : dict(d, 256).elements.keySet()) {
      b.addModelHash(hex256(key));
    }
    end(d, "data");
  }

  /**
   * Writes {@code config} as a root contract's data, the layout {@link #parse} reads: for a test
   * network's root on a local chain. A struct version 4 root gets an empty cell for its key
   * manager; each proxy is registered with one address for workers and clients.
   */
  public static byte[] encode(CocoonConfig config) {
    TonHashMapE proxies = new TonHashMapE(32);
    int seqno = 0;
    for (String hostPort : config.proxyAddresses()) {
      byte[] text = hostPort.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      proxies.elements.put(BigInteger.valueOf(seqno++), CellBuilder.beginCell().storeBit(false)
          .storeUint(text.length, 7).storeBytes(text).endCell());
    }
    Cell data = CellBuilder.beginCell().storeCell(hashes(config.proxyImageHashes())).storeCell(dictE(proxies, 32))
        .storeUint(config.lastProxySeqno() & 0xFFFFFFFFL, 32).storeCell(hashes(config.workerImageHashes()))
        .storeCell(hashes(config.modelHashes())).endCell();
    CellBuilder top = CellBuilder.beginCell()
        .storeAddress(Ton4j.address(TonAddress.parse(Objects.requireNonNull(config.ownerAddress(), "owner"))))
        .storeRef(data).storeRef(CocoonCells.params(config, CocoonCells.PROXY_CODE | CocoonCells.WORKER_CODE
            | CocoonCells.CLIENT_CODE)).storeUint(config.version() & 0xFFFFFFFFL, 32);
    if (config.structVersion() >= 4) {
      top.storeRef(CellBuilder.beginCell().endCell());
    }
    return top.endCell().toBoc();
  }

  private static Cell hashes(java.util.Set<String> hexes) {
    TonHashMapE dict = new TonHashMapE(256);
    for (String hex : hexes) {
      dict.elements.put(new BigInteger(hex, 16), CellBuilder.beginCell().endCell());
    }
    return dictE(dict, 256);
  }

  private static Cell dictE(TonHashMapE dict, int keyBits) {
    if (dict.elements.isEmpty()) {
      return CellBuilder.beginCell().storeBit(false).endCell();
    }
    Cell root = dict.serialize(k -> CellBuilder.beginCell().storeUint((BigInteger) k, keyBits).endCell().getBits(),
        v -> (Cell) v);
    return CellBuilder.beginCell().storeBit(true).storeRef(root).endCell();
  }

  private static TonHashMapE dict(CellSlice s, int keyBits) {
    return s.loadDictE(keyBits, k -> ((BitString) k).readUint(keyBits), v -> v);
  }

  private static byte[] maybeCode(CellSlice p) {
    return p.loadBit() ? p.loadRef().toBoc() : null;
  }

  private static int u32(CellSlice s) {
    return (int) s.loadUint(32).longValue();
  }

  private static long coins(CellSlice s) {
    return Exact.longOf(s.loadCoins());
  }

  private static String hex256(Object key) {
    String h = ((java.math.BigInteger) key).toString(16);
    StringBuilder padded = new StringBuilder(64);
    for (int i = h.length(); i < 64; i++) {
      padded.append('0');
    }
    return padded.append(h).toString();
  }

  private static void end(CellSlice s, String what) {
    if (s.getRestBits() != 0 || s.getRefsCount() != 0) {
      throw malformed("extra data in the " + what + " cell");
    }
  }

  private static VerificationException malformed(String why) {
    return new VerificationException("cocoon_root_malformed", "COCOON's root config " + why, null);
  }

  /** Builds a {@link CocoonRoot}; not thread-safe. */
  public static final class Builder {
    private final TonCenterClient center;
    private TonAddress address = MAINNET;
    private Duration refreshAfter = Duration.ofMinutes(1);
    private Duration retryAfter = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder(TonCenterClient center) {
      this.center = Objects.requireNonNull(center, "center");
    }

    /** The root contract (default: {@link #MAINNET}). */
    public Builder address(TonAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** How long a config is used before the root is read again (default 1 min). */
    public Builder refreshAfter(Duration refreshAfter) {
      this.refreshAfter = Objects.requireNonNull(refreshAfter, "refreshAfter");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public CocoonRoot build() {
      return new CocoonRoot(this);
    }
  }
}
