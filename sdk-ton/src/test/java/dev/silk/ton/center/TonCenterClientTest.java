package dev.silk.ton.center;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.silk.core.errors.RateLimitedException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TON Center v2 client against WireMock answering with TON Center's real shapes: the
 * {@code {"ok","result"}} envelope, amounts as strings, stack entries as {@code [type, value]}
 * with tonlib-typed tuple elements, {@code exit_code}, and {@code {"ok":false,"error","code"}}.
 */
class TonCenterClientTest {
  private static final String ACCOUNT = "EQD2g4JBtGmFFK4YqLphpRtQiaMIWePfZOY8-esOTD9ZiqNA";
  private static final TonAddress ADDRESS = TonAddress.parse(ACCOUNT);

  private WireMockServer center;
  private TonCenterClient client;

  @BeforeEach
  void start() {
    center = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    center.start();
    client = TonCenterClient.builder().baseUrl("http://127.0.0.1:" + center.port() + "/api/v2")
        .apiKey("test-key").retryBackoff(Duration.ofMillis(10)).maxRetries(2).build();
  }

  @AfterEach
  void stop() {
    center.stop();
  }

  private void answer(String path, int status, String body) {
    center.stubFor(get(urlPathEqualTo("/api/v2/" + path)).willReturn(aResponse().withStatus(status).withBody(body)));
    center.stubFor(post(urlPathEqualTo("/api/v2/" + path)).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @Test
  void readsAnActiveAccount() {
    answer("getAddressInformation", 200, "{\"ok\":true,\"result\":{\"@type\":\"raw.fullAccountState\","
        + "\"balance\":\"1234567890\",\"code\":\"te6cckEBAQEAAgAAAEysuc0=\",\"data\":\"te6cckEBAQEAAgAAAEysuc0=\","
        + "\"last_transaction_id\":{\"@type\":\"internal.transactionId\",\"lt\":\"47000000000003\","
        + "\"hash\":\"r3Yk0xFXh8h0dFnD0bYlDcOt2JmvPmfqk6rGQWfUtAI=\"},\"frozen_hash\":\"\",\"sync_utime\":1764000000,"
        + "\"@extra\":\"1764000000.1:0:0.5\",\"state\":\"active\"},\"id\":\"1\",\"jsonrpc\":\"2.0\"}");

    AddressInformation info = client.getAddressInformation(ADDRESS);

    assertThat(info.state()).isEqualTo(AddressInformation.State.ACTIVE);
    assertThat(info.balance()).isEqualTo(TonAmount.ofNanoton(1_234_567_890L));
    assertThat(info.lastTransactionLt()).isEqualTo(47000000000003L);
    assertThat(info.lastTransactionHash()).contains("r3Yk0xFXh8h0dFnD0bYlDcOt2JmvPmfqk6rGQWfUtAI=");
    assertThat(info.code()).isNotEmpty();
    center.verify(getRequestedFor(urlPathEqualTo("/api/v2/getAddressInformation"))
        .withQueryParam("address", equalTo(ADDRESS.toRaw())).withHeader("X-API-Key", equalTo("test-key")));
  }

  @Test
  void readsAnUninitializedAccountAndABalance() {
    answer("getAddressInformation", 200, "{\"ok\":true,\"result\":{\"@type\":\"raw.fullAccountState\","
        + "\"balance\":\"0\",\"code\":\"\",\"data\":\"\",\"last_transaction_id\":{\"@type\":\"internal.transactionId\","
        + "\"lt\":\"0\",\"hash\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"frozen_hash\":\"\","
        + "\"sync_utime\":1764000000,\"state\":\"uninitialized\"}}");
    AddressInformation info = client.getAddressInformation(ADDRESS);
    assertThat(info.state()).isEqualTo(AddressInformation.State.UNINITIALIZED);
    assertThat(info.lastTransactionHash()).isEmpty();

    answer("getAddressBalance", 200, "{\"ok\":true,\"result\":\"5000000000\"}");
    assertThat(client.getAddressBalance(ADDRESS)).isEqualTo(TonAmount.ofTon("5"));
  }

  @Test
  void runsAGetMethodWithNumbersAndTuples() {
    // get_channel_data of a payment channel: state, [balance_A, balance_B], [key_A, key_B], channel_id,
    // [quarantine, fine, conditional_close], [committed seqno_A, seqno_B], quarantine (null cell list), [excess_fee, addr_A, addr_B]
    answer("runGetMethod", 200, "{\"ok\":true,\"result\":{\"@type\":\"smc.runResult\",\"gas_used\":4357,"
        + "\"stack\":[[\"num\",\"0x1\"],[\"tuple\",{\"@type\":\"tvm.tuple\",\"elements\":["
        + "{\"@type\":\"tvm.stackEntryNumber\",\"number\":{\"@type\":\"tvm.numberDecimal\",\"number\":\"1000000000\"}},"
        + "{\"@type\":\"tvm.stackEntryNumber\",\"number\":{\"@type\":\"tvm.numberDecimal\",\"number\":\"0\"}}]}],"
        + "[\"num\",\"-0x2a\"],[\"cell\",{\"bytes\":\"te6cckEBAQEAAgAAAEysuc0=\",\"object\":{}}]],"
        + "\"exit_code\":0,\"@extra\":\"x\"}}");

    GetMethodResult result = client.runGetMethod(ADDRESS, "get_channel_data", Collections.singletonList(BigInteger.TEN));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.gasUsed()).isEqualTo(4357);
    List<StackEntry> stack = result.stack();
    assertThat(stack.get(0).asNumber()).isEqualTo(BigInteger.ONE);
    assertThat(stack.get(1).asElements()).extracting(StackEntry::asNumber)
        .containsExactly(BigInteger.valueOf(1_000_000_000L), BigInteger.ZERO);
    assertThat(stack.get(2).asNumber()).isEqualTo(BigInteger.valueOf(-42));
    assertThat(stack.get(3).kind()).isEqualTo(StackEntry.Kind.CELL);
    center.verify(postRequestedFor(urlEqualTo("/api/v2/runGetMethod")).withRequestBody(equalToJson(
        "{\"address\":\"" + ADDRESS.toRaw() + "\",\"method\":\"get_channel_data\",\"stack\":[[\"num\",\"0xa\"]]}")));
  }

  @Test
  void aFailingGetMethodIsAResultNotAnException() {
    answer("runGetMethod", 200, "{\"ok\":true,\"result\":{\"@type\":\"smc.runResult\",\"gas_used\":0,\"stack\":[],"
        + "\"exit_code\":-13}}");
    GetMethodResult result = client.runGetMethod(ADDRESS, "get_channel_state", Collections.emptyList());
    assertThat(result.exitCode()).isEqualTo(-13);
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void sendsBocs() {
    byte[] boc = {(byte) 0xb5, (byte) 0xee, (byte) 0x9c, 0x72, 1, 2, 3};
    answer("sendBoc", 200, "{\"ok\":true,\"result\":{\"@type\":\"ok\",\"@extra\":\"1764.2:1:0.1\"}}");
    client.sendBoc(boc);
    center.verify(postRequestedFor(urlEqualTo("/api/v2/sendBoc"))
        .withRequestBody(equalToJson("{\"boc\":\"" + Base64.getEncoder().encodeToString(boc) + "\"}")));

    answer("sendBocReturnHash", 200, "{\"ok\":true,\"result\":{\"@type\":\"raw.extMessageInfo\","
        + "\"hash\":\"iC3f0sP2V9m0y8i7sqm7BvUg4cV3zQHcNcXXYpJ9Qz0=\",\"@extra\":\"x\"}}");
    assertThat(client.sendBocReturnHash(boc)).isEqualTo("iC3f0sP2V9m0y8i7sqm7BvUg4cV3zQHcNcXXYpJ9Qz0=");
  }

  @Test
  void readsTransactions() {
    answer("getTransactions", 200, "{\"ok\":true,\"result\":[{\"@type\":\"raw.transaction\",\"address\":"
        + "{\"@type\":\"accountAddress\",\"account_address\":\"" + ACCOUNT + "\"},\"utime\":1764000100,"
        + "\"data\":\"te6cc\",\"transaction_id\":{\"@type\":\"internal.transactionId\",\"lt\":\"47000000000005\","
        + "\"hash\":\"aGFzaA==\"},\"fee\":\"2755603\",\"storage_fee\":\"3\",\"other_fee\":\"2755600\","
        + "\"in_msg\":{\"@type\":\"raw.message\",\"source\":\"\",\"destination\":\"" + ACCOUNT + "\",\"value\":\"0\","
        + "\"fwd_fee\":\"0\",\"ihr_fee\":\"0\",\"created_lt\":\"0\",\"body_hash\":\"x\",\"msg_data\":{\"@type\":"
        + "\"msg.dataRaw\",\"body\":\"te6cckEBAQEAAgAAAEysuc0=\",\"init_state\":\"\"},\"message\":\"\"},"
        + "\"out_msgs\":[{\"@type\":\"raw.message\",\"source\":\"" + ACCOUNT + "\",\"destination\":"
        + "\"0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8\",\"value\":\"100000000\","
        + "\"fwd_fee\":\"266669\",\"ihr_fee\":\"0\",\"created_lt\":\"47000000000006\",\"body_hash\":\"y\","
        + "\"msg_data\":{\"@type\":\"msg.dataText\",\"text\":\"\"},\"message\":\"\"}]}]}");

    List<Transaction> txs = client.getTransactions(ADDRESS, 10);

    assertThat(txs).hasSize(1);
    Transaction tx = txs.get(0);
    assertThat(tx.lt()).isEqualTo(47000000000005L);
    assertThat(tx.fee()).isEqualTo(TonAmount.ofNanoton(2755603));
    assertThat(tx.inMessage().get().source()).isEmpty();
    assertThat(tx.inMessage().get().destination()).contains(ADDRESS);
    assertThat(tx.outMessages().get(0).value()).isEqualTo(TonAmount.ofTon("0.1"));
    assertThat(tx.outMessages().get(0).destination().get().toRaw())
        .isEqualTo("0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8");
    center.verify(getRequestedFor(urlPathEqualTo("/api/v2/getTransactions")).withQueryParam("limit", equalTo("10")));
  }

  @Test
  void estimatesFees() {
    answer("estimateFee", 200, "{\"ok\":true,\"result\":{\"@type\":\"query.fees\",\"source_fees\":{\"@type\":\"fees\","
        + "\"in_fwd_fee\":1000,\"storage_fee\":0,\"gas_fee\":1000000,\"fwd_fee\":200000},"
        + "\"destination_fees\":[],\"@extra\":\"x\"}}");
    FeeEstimate fee = client.estimateFee(ADDRESS, new byte[] {1}, null, null, true);
    assertThat(fee.total()).isEqualTo(TonAmount.ofNanoton(1_201_000));
    center.verify(postRequestedFor(urlEqualTo("/api/v2/estimateFee")).withRequestBody(equalToJson(
        "{\"address\":\"" + ADDRESS.toRaw() + "\",\"body\":\"AQ==\",\"init_code\":\"\",\"init_data\":\"\","
            + "\"ignore_chksig\":true}")));
  }

  @Test
  void refusalsAreTypedWithTonCentersCode() {
    answer("getTransactions", 416, "{\"ok\":false,\"error\":\"LITE_SERVER_UNKNOWN: cannot compute block with "
        + "specified transaction: lt not in db\",\"code\":416}");
    assertThatThrownBy(() -> client.getTransactions(ADDRESS, 5))
        .isInstanceOfSatisfying(TonCenterException.class, e -> {
          assertThat(e.code()).isEqualTo("toncenter_416");
          assertThat(e.httpStatus()).isEqualTo(416);
          assertThat(e.getMessage()).contains("lt not in db");
        });

    answer("sendBoc", 500, "{\"ok\":false,\"error\":\"Failed to unpack account state\",\"code\":500}");
    assertThatThrownBy(() -> client.sendBoc(new byte[] {1})).isInstanceOf(TonCenterException.class)
        .extracting("code").isEqualTo("toncenter_500");

    answer("getAddressBalance", 502, "<html>bad gateway</html>");
    assertThatThrownBy(() -> client.getAddressBalance(ADDRESS)).isInstanceOf(TonCenterException.class)
        .extracting("code").isEqualTo("toncenter_malformed");

    answer("getAddressBalance", 200, "{\"ok\":true,\"result\":\"-5\"}");
    assertThatThrownBy(() -> client.getAddressBalance(ADDRESS)).isInstanceOf(TonCenterException.class)
        .hasMessageContaining("nanoTON");
  }

  @Test
  void backsOffOn429ThenSucceeds() {
    center.stubFor(get(urlPathEqualTo("/api/v2/getAddressBalance")).inScenario("limit").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withBody("{\"ok\":false,\"error\":\"Ratelimit exceed\",\"code\":429}"))
        .willSetStateTo("second"));
    center.stubFor(get(urlPathEqualTo("/api/v2/getAddressBalance")).inScenario("limit").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true,\"result\":\"7\"}")));
    assertThat(client.getAddressBalance(ADDRESS)).isEqualTo(TonAmount.ofNanoton(7));
    center.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/getAddressBalance")));
  }

  @Test
  void gives429UpAfterItsRetries() {
    answer("getAddressBalance", 429, "{\"ok\":false,\"error\":\"Ratelimit exceed\",\"code\":429}");
    assertThatThrownBy(() -> client.getAddressBalance(ADDRESS)).isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("3 attempts");
    center.verify(3, getRequestedFor(urlPathEqualTo("/api/v2/getAddressBalance")));
  }

  @Test
  void addressesRoundTripAndBadOnesAreRefused() {
    assertThat(TonAddress.parse(ADDRESS.toRaw())).isEqualTo(ADDRESS);
    assertThat(TonAddress.parse(ADDRESS.toFriendly(true, false))).isEqualTo(ADDRESS);
    assertThat(ADDRESS.toFriendly(true, false)).isEqualTo(ACCOUNT);
    assertThat(ADDRESS.toFriendly(false, false)).startsWith("UQ");
    assertThatThrownBy(() -> TonAddress.parse(ACCOUNT.substring(0, 47) + "B"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TonAddress.parse("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TonAddress.parse("0:zz")).isInstanceOf(IllegalArgumentException.class);
    // Checked against ton4j's own encoder, for every flag combination.
    for (boolean bounceable : new boolean[] {true, false}) {
      for (boolean testnet : new boolean[] {true, false}) {
        assertThat(ADDRESS.toFriendly(bounceable, testnet)).isEqualTo(org.ton.java.address.Address.of(ADDRESS.toRaw())
            .toString(true, true, bounceable, testnet));
      }
    }
  }
}
