package dev.silk.ton.wallet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ton.java.cell.Cell;
import org.ton.java.cell.CellSlice;
import org.ton.java.tlb.Message;

/** Wallet transfers against WireMock standing in for TON Center: the order of calls and the signed message. */
class TonWalletTest {
  private static final TonSecretKey KEY = TonSecretKey.fromSeed(filled(7), SecretAccess.grant());
  private static final TonAddress TO = TonAddress.of(0, filled(9));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  private WireMockServer center;
  private TonCenterClient ton;

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  @BeforeEach
  void start() {
    center = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    center.start();
    ton = TonCenterClient.builder().baseUrl("http://127.0.0.1:" + center.port() + "/api/v2/").build();
    center.stubFor(post(urlPathEqualTo("/api/v2/estimateFee")).willReturn(aResponse().withBody(
        "{\"ok\":true,\"result\":{\"@type\":\"query.fees\",\"source_fees\":{\"@type\":\"fees\",\"in_fwd_fee\":1000,"
            + "\"storage_fee\":10,\"gas_fee\":3000000,\"fwd_fee\":400000},\"destination_fees\":[]}}")));
    center.stubFor(post(urlPathEqualTo("/api/v2/sendBocReturnHash")).willReturn(aResponse().withBody(
        "{\"ok\":true,\"result\":{\"@type\":\"raw.extMessageInfo\",\"hash\":\"bXNnaGFzaA==\"}}")));
  }

  @AfterEach
  void stop() {
    center.stop();
  }

  private void account(String state, String balance) {
    center.stubFor(get(urlPathEqualTo("/api/v2/getAddressInformation")).willReturn(aResponse().withBody(
        "{\"ok\":true,\"result\":{\"@type\":\"raw.fullAccountState\",\"balance\":\"" + balance + "\",\"code\":\"\","
            + "\"data\":\"\",\"last_transaction_id\":{\"lt\":\"0\",\"hash\":\"\"},\"sync_utime\":1,\"state\":\""
            + state + "\"}}")));
  }

  private Message sentMessage() {
    ServeEvent send = center.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().contains("sendBocReturnHash")).findFirst().orElseThrow();
    String body = send.getRequest().getBodyAsString();
    String boc = body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"'));
    return Message.deserialize(CellSlice.beginParse(Cell.fromBoc(Base64.getDecoder().decode(boc))));
  }

  @Test
  void aFreshV4WalletDeploysWithItsFirstTransferAfterAFeeEstimate() {
    account("uninitialized", "2000000000");
    TonWallet wallet = TonWallet.of(KEY, WalletVersion.V4R2, Network.TESTNET, CLOCK);

    SentTransfer sent = wallet.transfer(ton, Transfer.builder(TO, TonAmount.ofTon("1")).comment("hi").build());

    assertThat(sent.messageHash()).isEqualTo("bXNnaGFzaA==");
    assertThat(sent.seqno()).isZero();
    assertThat(sent.fee().total()).isEqualTo(TonAmount.ofNanoton(3_401_010));
    Message message = sentMessage();
    assertThat(message.getInit()).as("deploys the wallet").isNotNull();
    CellSlice body = CellSlice.beginParse(message.getBody());
    byte[] signature = body.loadBytes(512);
    Cell request = org.ton.java.cell.CellBuilder.beginCell().storeCell(body.sliceToCell()).endCell();
    assertThat(TonSecretKey.verify(KEY.publicKey(), request.hash(), signature)).isTrue();
    CellSlice fields = CellSlice.beginParse(request);
    assertThat(fields.loadUint(32).longValue()).isEqualTo(698983191L);
    assertThat(fields.loadUint(32).longValue()).isEqualTo(CLOCK.instant().getEpochSecond() + 60);
    assertThat(fields.loadUint(32).longValue()).as("seqno").isZero();
    center.verify(postRequestedFor(urlPathEqualTo("/api/v2/estimateFee")));
  }

  @Test
  void anActiveV5WalletUsesItsSeqnoAndDoesNotRedeploy() {
    account("active", "5000000000");
    center.stubFor(post(urlPathEqualTo("/api/v2/runGetMethod")).willReturn(aResponse().withBody(
        "{\"ok\":true,\"result\":{\"@type\":\"smc.runResult\",\"gas_used\":1,\"stack\":[[\"num\",\"0x5\"]],"
            + "\"exit_code\":0}}")));
    TonWallet wallet = TonWallet.of(KEY, WalletVersion.V5R1, Network.MAINNET, CLOCK);

    SentTransfer sent = wallet.transfer(ton, Transfer.builder(TO, TonAmount.ofTon("0.25")).build());

    assertThat(sent.seqno()).isEqualTo(5);
    Message message = sentMessage();
    assertThat(message.getInit()).isNull();
    Cell body = message.getBody();
    CellSlice slice = CellSlice.beginParse(body);
    int requestBits = body.getBits().getUsedBits() - 512;
    assertThat(slice.loadUint(32).longValue()).isEqualTo(0x7369676EL);
    assertThat(slice.loadUint(32).longValue()).as("v5r1 mainnet wallet id").isEqualTo(2147483409L);
    assertThat(slice.loadUint(32).longValue()).isEqualTo(CLOCK.instant().getEpochSecond() + 60);
    assertThat(slice.loadUint(32).longValue()).isEqualTo(5);
    assertThat(requestBits).isPositive();
  }

  @Test
  void aTransferThatCannotPayItsFeeIsNotSent() {
    account("active", "1000000000");
    center.stubFor(post(urlPathEqualTo("/api/v2/runGetMethod")).willReturn(aResponse().withBody(
        "{\"ok\":true,\"result\":{\"stack\":[[\"num\",\"0x1\"]],\"exit_code\":0}}")));
    TonWallet wallet = TonWallet.of(KEY, WalletVersion.V4R2, Network.MAINNET, CLOCK);

    assertThatThrownBy(() -> wallet.transfer(ton, Transfer.builder(TO, TonAmount.ofTon("1")).build()))
        .isInstanceOfSatisfying(InsufficientFundsException.class, e -> {
          assertThat(e.code()).isEqualTo("insufficient_funds");
          assertThat(e.needed()).isEqualTo(TonAmount.ofNanoton(1_003_401_010L));
        });
    center.verify(0, postRequestedFor(urlPathEqualTo("/api/v2/sendBocReturnHash")));
  }

  @Test
  void v5WalletIdsFollowTheNetwork() {
    assertThat(dev.silk.ton.internal.WalletMessages.v5WalletId(Network.MAINNET)).isEqualTo(2147483409L);
    assertThat(dev.silk.ton.internal.WalletMessages.v5WalletId(Network.TESTNET)).isEqualTo(2147483645L);
    assertThat(TonWallet.of(KEY, WalletVersion.V5R1, Network.MAINNET).address())
        .isNotEqualTo(TonWallet.of(KEY, WalletVersion.V5R1, Network.TESTNET).address());
  }

  @Test
  void mnemonicsRoundTripAndNeverPrint() {
    Mnemonic phrase = Mnemonic.generate();
    String words = phrase.phrase(SecretAccess.grant());
    assertThat(words.split(" ")).hasSize(24);
    assertThat(phrase.toString()).doesNotContain(words.split(" ")[0] + " ");
    assertThat(Mnemonic.of(words, SecretAccess.grant()).secretKey()).isEqualTo(phrase.secretKey());
    assertThatIllegalArgumentException().isThrownBy(() -> Mnemonic.of("abandon abandon", SecretAccess.grant()))
        .withMessageContaining("24 words");
    String[] tampered = words.split(" ");
    tampered[0] = tampered[0].equals("zoo") ? "abandon" : "zoo";
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Mnemonic.of(String.join(" ", tampered), SecretAccess.grant()))
        .withMessageNotContaining(tampered[1]);
  }
}
