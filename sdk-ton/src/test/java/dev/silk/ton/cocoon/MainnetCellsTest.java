package dev.silk.ton.cocoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.testing.TestFiles;
import dev.silk.ton.TonAddress;
import dev.silk.ton.internal.CocoonCells;
import dev.silk.ton.internal.Digests;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;
import org.ton.java.tlb.InternalMessageInfoRelaxed;
import org.ton.java.tlb.MessageRelaxed;

/**
 * Silk's reading of COCOON's contracts against real TON mainnet cells
 * ({@code ../shared/cocoon/chain/mainnet-cells.json}): the root config, the params cell a client
 * contract holds, the addresses derived from the root's codes, the owner's messages, and a
 * client contract's state, each compared with what the chain holds.
 */
class MainnetCellsTest {
  private static Map<String, Object> cells;
  private static CocoonConfig root;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() {
    cells = (Map<String, Object>) TestFiles.readJson(TestFiles.sharedCocoon("chain/mainnet-cells.json")).get("cells");
    root = CocoonRoot.parse(CocoonRoot.MAINNET, boc("root_storage"));
  }

  @SuppressWarnings("unchecked")
  static byte[] boc(String name) {
    String hex = (String) ((Map<String, Object>) cells.get(name)).get("boc_hex");
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  private static String hashHex(Cell c) {
    StringBuilder b = new StringBuilder();
    for (byte x : c.hash()) {
      b.append(String.format("%02x", x & 0xFF));
    }
    return b.toString();
  }

  @Test
  void theRootConfigReadsAsCocoonReadsIt() {
    assertThat(root.version()).isEqualTo(87);
    assertThat(root.structVersion()).isEqualTo(4);
    assertThat(root.paramsVersion()).isEqualTo(17);
    assertThat(root.uniqueId()).isEqualTo(239);
    assertThat(root.isTest()).isFalse();
    assertThat(root.pricePerToken()).isEqualTo(20);
    assertThat(root.workerFeePerToken()).isEqualTo(19);
    assertThat(root.promptMultiplier()).isEqualTo(10_000);
    assertThat(root.cachedMultiplier()).isEqualTo(1_000);
    assertThat(root.completionMultiplier()).isEqualTo(80_000);
    assertThat(root.reasoningMultiplier()).isEqualTo(80_000);
    assertThat(root.proxyDelayBeforeClose()).isEqualTo(86_400);
    assertThat(root.clientDelayBeforeClose()).isEqualTo(43_200);
    assertThat(root.minProxyStake()).isEqualTo(15_000_000_000L);
    assertThat(root.minClientStake()).isEqualTo(15_000_000_000L);
    // The registered proxy "91.108.4.11:5222 91.108.4.11:8888": workers' address, then clients'.
    assertThat(root.proxyAddresses()).containsExactly("91.108.4.11:8888");
    assertThat(root.lastProxySeqno()).isEqualTo(3);
    assertThat(root.proxyImageHashes()).hasSize(4).contains(
        "014c8db97ddb2d61aa3a3ba0805f3d542be0469f7991baf6ad8deaf269d3c969");
    assertThat(root.workerImageHashes()).hasSize(5);
    assertThat(root.modelHashes()).hasSize(4);
    assertThat(root.ownerAddress()).isEqualTo("0:e796c95723646d2355a12e6b5e9646f8095406c6bf04ff14888e5d0783bf6336");
    assertThat(root.rootAddress()).isEqualTo(CocoonRoot.MAINNET.toRaw());
    assertThat(hashHex(Cell.fromBoc(root.clientCode())))
        .isEqualTo("b81f091aee4e88708650755a859cfa436d2c968726b85b0569911bb734dd77d3");
  }

  @Test
  void theParamsCellWeWriteIsTheOneMainnetClientContractsHold() {
    Cell clientData = Cell.fromBoc(boc("client_storage"));
    Cell theirs = clientData.getRefs().get(1);
    assertThat(hashHex(CocoonCells.params(root, 0))).isEqualTo(hashHex(theirs))
        .isEqualTo("7dbcf06eebc1868398aa74162d77445807340d7bed8c09739ddedf8279e39a07");
    // The proxy contract's params carry the worker and client codes.
    Cell proxyParams = Cell.fromBoc(boc("proxy_storage")).getRefs().get(0);
    assertThat(hashHex(CocoonCells.params(root, CocoonCells.WORKER_CODE | CocoonCells.CLIENT_CODE)))
        .isEqualTo(hashHex(proxyParams));
  }

  /** The real register message: its StateInit, destination, body and value, as Silk makes them. */
  @Test
  void aRealRegistrationIsWhatSilkSends() {
    CellSlice external = CellSlice.beginParse(Cell.fromBoc(boc("wallet_external_message_client_register")));
    external.loadBits(512 + 96 + 8);
    MessageRelaxed message = MessageRelaxed.deserialize(CellSlice.beginParse(external.loadRef()));
    InternalMessageInfoRelaxed info = (InternalMessageInfoRelaxed) message.getInfo();
    TonAddress destination = TonAddress.parse(info.getDstAddr().toAddress().toRaw());
    CellSlice constData = CellSlice.beginParse(message.getInit().getData().getRefs().get(0));
    TonAddress owner = TonAddress.parse(constData.loadAddress().toRaw());
    TonAddress proxy = TonAddress.parse(constData.loadAddress().toRaw());
    byte[] proxyKey = constData.loadBytes(256);

    assertThat(CocoonContracts.clientContract(root, owner, proxy, proxyKey)).isEqualTo(destination);
    assertThat(Cell.fromBoc(CocoonContracts.clientStateInit(root, owner, proxy, proxyKey)).hash())
        .isEqualTo(message.getInit().toCell().hash());
    assertThat(info.getValue().getCoins().longValueExact()).isEqualTo(TonCocoonAccount.DEPLOY_VALUE.nanoton());

    byte[] body = message.getBody().toBoc();
    ClientMessages.OwnerMessage register = ClientMessages.parseOwnerMessage(body);
    assertThat(register.op).isEqualTo(ClientMessages.OP_REGISTER);
    assertThat(Long.toUnsignedString(register.nonce)).isEqualTo("12910899998219388264");
    assertThat(register.excessesTo).isEqualTo(owner);
    assertThat(Cell.fromBoc(ClientMessages.register(register.queryId, register.nonce, owner)).hash())
        .isEqualTo(message.getBody().hash());
  }

  @Test
  void theProxyContractIsTheOneTheRootsCodeMakes() {
    CellSlice proxy = CellSlice.beginParse(Cell.fromBoc(boc("proxy_storage")));
    TonAddress owner = TonAddress.parse(proxy.loadAddress().toRaw());
    byte[] key = proxy.loadBytes(256);
    TonAddress rootAddress = TonAddress.parse(proxy.loadAddress().toRaw());
    assertThat(rootAddress).isEqualTo(CocoonRoot.MAINNET);
    // The client contracts above name this proxy contract.
    CellSlice constData = CellSlice.beginParse(Cell.fromBoc(boc("client_storage")).getRefs().get(0));
    constData.loadAddress();
    TonAddress named = TonAddress.parse(constData.loadAddress().toRaw());
    assertThat(CocoonContracts.proxyContract(root, owner, key)).isEqualTo(named);
  }

  @Test
  void aRealTopUpIsWhatSilkSends() {
    CellSlice external = CellSlice.beginParse(Cell.fromBoc(boc("wallet_external_message")));
    external.loadBits(512 + 96 + 8);
    MessageRelaxed message = MessageRelaxed.deserialize(CellSlice.beginParse(external.loadRef()));
    ClientMessages.OwnerMessage topUp = ClientMessages.parseOwnerMessage(message.getBody().toBoc());
    assertThat(topUp.op).isEqualTo(ClientMessages.OP_TOP_UP);
    assertThat(topUp.amount).isEqualTo(TonAmount.ofNanoton(8_700_929_120L));
    long value = ((InternalMessageInfoRelaxed) message.getInfo()).getValue().getCoins().longValueExact();
    assertThat(value).isEqualTo(topUp.amount.plus(TonCocoonAccount.MESSAGE_VALUE).nanoton());
    assertThat(Cell.fromBoc(ClientMessages.topUp(topUp.queryId, topUp.amount, topUp.excessesTo)).hash())
        .isEqualTo(message.getBody().hash());
  }

  @Test
  void aRealClientContractsState() {
    ClientContractState state = ClientContractState.parse(boc("client_storage"));
    assertThat(state.status()).isEqualTo(ClientContractState.Status.OPEN);
    assertThat(state.balance()).isEqualTo(TonAmount.ofNanoton(15_000_000_000L));
    assertThat(state.stake()).isEqualTo(TonAmount.ofNanoton(15_000_000_000L));
    assertThat(state.tokensUsed()).isZero();
    // The SHA-256 of an empty secret.
    assertThat(state.secretHash()).isEqualTo(Digests.sha256(new byte[0]));
  }

  @Test
  void aRootThatDoesNotParseIsRefusedWhole() {
    byte[] good = boc("root_storage");
    Cell top = Cell.fromBoc(good);
    // A newer params layout than Silk reads.
    Cell params = top.getRefs().get(1);
    Cell newer = CellBuilder.beginCell().storeUint(5, 8).storeBitString(
        CellSlice.beginParse(params).skipBits(8).loadBits(params.getBits().getUsedBits() - 8))
        .storeRefs(params.getRefs()).endCell();
    assertThatThrownBy(() -> CocoonRoot.parse(CocoonRoot.MAINNET, replaceRef(top, 1, newer).toBoc()))
        .isInstanceOf(VerificationException.class).hasMessageContaining("struct version 5");
    // Extra bits after the version.
    Cell extra = CellBuilder.beginCell().storeBitString(CellSlice.beginParse(top).loadBits(top.getBits().getUsedBits()))
        .storeUint(1, 1).storeRefs(top.getRefs()).endCell();
    assertThatThrownBy(() -> CocoonRoot.parse(CocoonRoot.MAINNET, extra.toBoc()))
        .isInstanceOf(VerificationException.class).hasMessageContaining("extra data");
    // Cut short.
    assertThatThrownBy(() -> CocoonRoot.parse(CocoonRoot.MAINNET, java.util.Arrays.copyOf(good, good.length - 9)))
        .isInstanceOf(VerificationException.class);
    // Version 4 without the root's third reference.
    Cell two = CellBuilder.beginCell().storeBitString(CellSlice.beginParse(top).loadBits(top.getBits().getUsedBits()))
        .storeRef(top.getRefs().get(0)).storeRef(top.getRefs().get(1)).endCell();
    assertThatThrownBy(() -> CocoonRoot.parse(CocoonRoot.MAINNET, two.toBoc()))
        .isInstanceOf(VerificationException.class);
  }

  /** The root's data as Silk writes it reads back the same, and its params and hash dictionaries are mainnet's bytes. */
  @Test
  void theRootWeWriteReadsBackAndMatchesMainnetsCells() {
    byte[] written = CocoonRoot.encode(root);
    CocoonConfig back = CocoonRoot.parse(CocoonRoot.MAINNET, written);
    assertThat(back).usingRecursiveComparison().isEqualTo(root);
    Cell ours = Cell.fromBoc(written);
    Cell theirs = Cell.fromBoc(boc("root_storage"));
    assertThat(ours.getRefs().get(1).hash()).isEqualTo(theirs.getRefs().get(1).hash());
    // Proxy image hashes: the data cell's first dictionary.
    assertThat(ours.getRefs().get(0).getRefs().get(0).hash()).isEqualTo(theirs.getRefs().get(0).getRefs().get(0).hash());
  }

  private static Cell replaceRef(Cell cell, int index, Cell with) {
    CellBuilder b = CellBuilder.beginCell().storeBitString(CellSlice.beginParse(cell)
        .loadBits(cell.getBits().getUsedBits()));
    for (int i = 0; i < cell.getRefs().size(); i++) {
      b.storeRef(i == index ? with : cell.getRefs().get(i));
    }
    return b.endCell();
  }
}
