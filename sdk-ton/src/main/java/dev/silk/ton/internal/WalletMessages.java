package dev.silk.ton.internal;

import com.iwebpp.crypto.TweetNaclFast;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.Transfer;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.util.Collections;
import org.ton.java.address.Address;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellBuilder;
import org.ton.java.cell.CellSlice;
import org.ton.java.smartcontract.types.WalletV4R2Config;
import org.ton.java.smartcontract.types.WalletV5Config;
import org.ton.java.smartcontract.types.WalletV5InnerRequest;
import org.ton.java.smartcontract.wallet.Contract;
import org.ton.java.smartcontract.wallet.v4.WalletV4R2;
import org.ton.java.smartcontract.wallet.v5.WalletV5;
import org.ton.java.tlb.ActionSendMsg;
import org.ton.java.tlb.CurrencyCollection;
import org.ton.java.tlb.ExternalMessageInInfo;
import org.ton.java.tlb.InternalMessageInfoRelaxed;
import org.ton.java.tlb.Message;
import org.ton.java.tlb.MessageRelaxed;
import org.ton.java.tlb.MsgAddressIntStd;
import org.ton.java.tlb.OutList;
import org.ton.java.tlb.StateInit;

/**
 * Wallet v4r2 and v5r1 external messages: ton4j builds the contracts' cells (code, data, the
 * unsigned request); Silk signs the request's hash with its own Ed25519 engine and assembles
 * the message. For v5 the out-action is built here because ton4j 0.9.6 attaches the wallet's
 * own StateInit to every outgoing message.
 */
public final class WalletMessages {
  /** Wallet v4's default subwallet id for workchain 0. */
  static final long V4_WALLET_ID = 698983191L;
  /** Wallet v5's mode: pay fees separately, ignore errors. */
  private static final int SEND_MODE = 3;

  private WalletMessages() {}

  /** Wallet v5r1's id for workchain 0, subwallet 0: the network's global id mixed with the client context. */
  public static long v5WalletId(Network network) {
    int context = 0x80000000; // client context: bit 31, workchain 0, version 0 (v5r1), subwallet 0
    return (network.globalId() ^ context) & 0xffffffffL;
  }

  public static TonAddress address(byte[] publicKey, WalletVersion version, Network network) {
    return Ton4j.address(contract(publicKey, version, network).getAddress());
  }

  public static StateInit stateInit(byte[] publicKey, WalletVersion version, Network network) {
    return contract(publicKey, version, network).getStateInit();
  }

  private static Contract contract(byte[] publicKey, WalletVersion version, Network network) {
    // The contracts take a key pair only to place its public key in their data; signing is ours.
    TweetNaclFast.Signature.KeyPair publicOnly = new TweetNaclFast.Signature.KeyPair();
    System.arraycopy(publicKey, 0, publicOnly.getPublicKey(), 0, 32);
    if (version == WalletVersion.V4R2) {
      return WalletV4R2.builder().keyPair(publicOnly).walletId(V4_WALLET_ID).build();
    }
    return WalletV5.builder().keyPair(publicOnly).walletId(v5WalletId(network)).isSigAuthAllowed(true).build();
  }

  /** The signed body of an external transfer message (what {@code estimateFee} and the wallet check). */
  public static Cell signedBody(TonSecretKey key, WalletVersion version, Network network, Transfer transfer,
      long seqno, long validUntil) {
    Address destination = Ton4j.address(transfer.destination());
    Cell payload = payload(transfer);
    StateInit deploy = transfer.stateInit() == null ? null
        : StateInit.deserialize(CellSlice.beginParse(Cell.fromBoc(transfer.stateInit())));
    BigInteger amount = BigInteger.valueOf(transfer.amount().nanoton());
    if (version == WalletVersion.V4R2) {
      WalletV4R2 wallet = (WalletV4R2) contract(key.publicKey(), version, network);
      Cell request = wallet.createTransferBody(WalletV4R2Config.builder()
          .walletId(V4_WALLET_ID).seqno(seqno).validUntil(validUntil).mode(SEND_MODE)
          .bounce(transfer.bounce()).destination(destination).amount(amount)
          .body(payload).comment(payload == null ? transfer.comment() : null).stateInit(deploy)
          .build());
      // v4: signature first, then the request.
      return CellBuilder.beginCell().storeBytes(key.sign(request.hash())).storeCell(request).endCell();
    }
    WalletV5 wallet = (WalletV5) contract(key.publicKey(), version, network);
    MessageRelaxed out = MessageRelaxed.builder()
        .info(InternalMessageInfoRelaxed.builder()
            .bounce(transfer.bounce())
            .dstAddr(MsgAddressIntStd.builder().workchainId(destination.wc).address(destination.toBigInteger())
                .build())
            .value(CurrencyCollection.builder().coins(amount).build())
            .build())
        .init(deploy)
        .body(payload != null ? payload : comment(transfer.comment()))
        .build();
    WalletV5InnerRequest inner = WalletV5InnerRequest.builder()
        .outActions(OutList.builder().actions(Collections.singletonList(
            ActionSendMsg.builder().mode(SEND_MODE).outMsg(out).build())).build())
        .hasOtherActions(false)
        .build();
    Cell request = wallet.createExternalTransferBody(WalletV5Config.builder()
        .walletId(v5WalletId(network)).seqno(seqno).validUntil(validUntil).body(inner.toCell()).build());
    // v5: the request, then the signature.
    return CellBuilder.beginCell().storeCell(request).storeBytes(key.sign(request.hash())).endCell();
  }

  /** The external message carrying {@code signedBody}, with the wallet's StateInit when it is not deployed yet. */
  public static byte[] externalMessage(byte[] publicKey, WalletVersion version, Network network, Cell signedBody,
      boolean deployWallet) {
    Contract wallet = contract(publicKey, version, network);
    Address self = wallet.getAddress();
    return Message.builder()
        .info(ExternalMessageInInfo.builder()
            .dstAddr(MsgAddressIntStd.builder().workchainId(self.wc).address(self.toBigInteger()).build())
            .build())
        .init(deployWallet ? wallet.getStateInit() : null)
        .body(signedBody)
        .build()
        .toCell()
        .toBoc();
  }

  private static Cell payload(Transfer transfer) {
    return transfer.body() == null ? null : Cell.fromBoc(transfer.body());
  }

  private static Cell comment(String comment) {
    if (comment == null) {
      return null;
    }
    return CellBuilder.beginCell().storeUint(0, 32).storeString(comment).endCell();
  }
}
