package dev.silk.ton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelMessages;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.PaymentChannelConfig;
import dev.silk.ton.channel.Side;
import dev.silk.ton.internal.WalletMessages;
import dev.silk.ton.wallet.Network;
import dev.silk.ton.wallet.Transfer;
import dev.silk.ton.wallet.WalletVersion;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ton.java.cell.Cell;

/**
 * Writes every message type sdk-ton builds to {@code sdk-ton/target/ton-conformance.json}, for
 * {@code sdk-ton/conformance/check.mjs} to execute in {@code @ton/sandbox} (TON's own TVM
 * emulator, running the same wallet and payment-channel code) and to cross-check with
 * {@code @ton/ton}: addresses, a deploying transfer from each wallet version, and a channel's
 * whole life (deploy and top-ups, init, commit, cooperative close; and on a second branch an
 * uncooperative close with an outdated state, its challenge and the finish). CI runs the check.
 */
class ConformanceVectorsTest {
  static final long VALID_UNTIL = 1_900_000_000L;

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (byte x : bytes) {
      hex.append(String.format("%02x", x));
    }
    return hex.toString();
  }

  @Test
  void writesTheConformanceVectors() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    TonSecretKey walletKey = TonSecretKey.fromSeed(filled(0x11), SecretAccess.grant());
    TonAddress destination = TonAddress.of(0, filled(0x22));
    out.put("validUntil", VALID_UNTIL);
    out.put("destination", destination.toRaw());
    Map<String, Object> wallets = new LinkedHashMap<>();
    for (WalletVersion version : WalletVersion.values()) {
      Transfer transfer = Transfer.builder(destination, TonAmount.ofTon("1")).bounce(false).comment("silk").build();
      Cell body = WalletMessages.signedBody(walletKey, version, Network.MAINNET, transfer, 0, VALID_UNTIL);
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("address", WalletMessages.address(walletKey.publicKey(), version, Network.MAINNET).toRaw());
      w.put("deployAndTransfer", b64(WalletMessages.externalMessage(walletKey.publicKey(), version, Network.MAINNET,
          body, true)));
      wallets.put(version.name().toLowerCase(), w);
    }
    out.put("walletPublicKey", hex(walletKey.publicKey()));
    out.put("wallets", wallets);

    TonSecretKey a = TonSecretKey.fromSeed(filled(0x33), SecretAccess.grant());
    TonSecretKey b = TonSecretKey.fromSeed(filled(0x44), SecretAccess.grant());
    PaymentChannelConfig channel = PaymentChannelConfig.builder()
        .channelId(new BigInteger("5116c0de5116c0de5116c0de5116c0de", 16))
        .publicKeyA(a.publicKey()).publicKeyB(b.publicKey())
        .addressA(TonAddress.of(0, filled(0xaa))).addressB(TonAddress.of(0, filled(0xbb)))
        .quarantineDuration(Duration.ofSeconds(1800)).misbehaviorFine(TonAmount.ofTon("0.05"))
        .conditionalCloseDuration(Duration.ofSeconds(600)).build();
    ChannelSigner signerA = ChannelSigner.of(channel, Side.A, a);
    ChannelSigner signerB = ChannelSigner.of(channel, Side.B, b);
    TonAmount depositA = TonAmount.ofTon("2");
    TonAmount depositB = TonAmount.ofTon("0.5");

    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", channel.channelId().toString());
    c.put("keyA", hex(a.publicKey()));
    c.put("keyB", hex(b.publicKey()));
    c.put("addressA", channel.payoutAddress(Side.A).toRaw());
    c.put("addressB", channel.payoutAddress(Side.B).toRaw());
    c.put("fine", channel.misbehaviorFine().nanoton());
    c.put("address", channel.address().toRaw());
    c.put("stateInit", b64(channel.stateInitBoc()));
    c.put("depositA", depositA.nanoton());
    c.put("depositB", depositB.nanoton());
    c.put("topUpA", b64(ChannelMessages.topUp(depositA, TonAmount.ZERO)));
    c.put("topUpB", b64(ChannelMessages.topUp(TonAmount.ZERO, depositB)));
    c.put("initByA", b64(ChannelMessages.init(channel, Side.A, signerA.signInit(depositA, depositB), depositA,
        depositB)));

    // Per-request states: A pays B. Each is signed by both sides (B acknowledges A's payments).
    List<Map<String, Object>> states = new ArrayList<>();
    long[][] steps = {{2, 100_000_000L}, {4, 300_000_000L}};
    for (long[] step : steps) {
      ChannelState state = ChannelState.of(step[0], TonAmount.ofNanoton(step[1]), 1, TonAmount.ZERO);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("seqnoA", step[0]);
      s.put("sentA", step[1]);
      s.put("seqnoB", 1);
      s.put("sentB", 0);
      s.put("signatureA", hex(signerA.sign(state)));
      s.put("signedA", b64(signerA.signedStateBoc(state)));
      s.put("signedB", b64(signerB.signedStateBoc(state)));
      assertThat(ChannelSigner.verify(channel, Side.A, state, signerA.sign(state))).isTrue();
      states.add(s);
    }
    c.put("states", states);
    c.put("commit", b64(ChannelMessages.cooperativeCommit(channel, 3, 1, signerA.signCooperativeCommit(3, 1),
        signerB.signCooperativeCommit(3, 1))));
    TonAmount finalA = depositA.minus(TonAmount.ofNanoton(300_000_000L));
    TonAmount finalB = depositB.plus(TonAmount.ofNanoton(300_000_000L));
    c.put("finalA", finalA.nanoton());
    c.put("finalB", finalB.nanoton());
    c.put("cooperativeClose", b64(ChannelMessages.cooperativeClose(channel, finalA, finalB, 5, 2,
        signerA.signCooperativeClose(finalA, finalB, 5, 2), signerB.signCooperativeClose(finalA, finalB, 5, 2))));
    // A (the client) tries to close on an outdated state; B (the node) challenges with the newest.
    Map<?, ?> old = states.get(0);
    Map<?, ?> newest = states.get(1);
    c.put("startUncooperativeByA", b64(signerA.startUncooperativeClose(
        Base64.getDecoder().decode((String) old.get("signedA")), Base64.getDecoder().decode((String) old.get("signedB")))));
    c.put("challengeByB", b64(signerB.challengeQuarantinedState(
        Base64.getDecoder().decode((String) newest.get("signedA")),
        Base64.getDecoder().decode((String) newest.get("signedB")))));
    c.put("finishUncooperative", b64(ChannelMessages.finishUncooperativeClose()));
    out.put("channel", c);

    JsonAdapter<Map<String, Object>> json = new Moshi.Builder().build()
        .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
    Path file = Paths.get("target", "ton-conformance.json");
    Files.createDirectories(file.getParent());
    Files.write(file, json.indent("  ").toJson(out).getBytes(StandardCharsets.UTF_8));
    assertThat(file).exists();
  }
}
