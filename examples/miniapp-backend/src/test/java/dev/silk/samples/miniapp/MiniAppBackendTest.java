package dev.silk.samples.miniapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.node.InjectedFault;
import dev.silk.testing.SilkNodeExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample backend against Silk's testing kit: a paid local node on the fake-TON chain, as a
 * user's own integration test would run it.
 */
class MiniAppBackendTest {
  private static final String BOT_TOKEN = "123456:TEST-ONLY-bot-token-of-this-sample";
  private static final Instant NOW = Instant.now();

  @RegisterExtension
  static SilkNodeExtension silk = SilkNodeExtension.paid();

  private final HttpClient http = HttpClient.newHttpClient();
  private MiniAppBackend backend;

  @BeforeEach
  void start() throws Exception {
    backend = MiniAppBackend.start(0, silk.client(), BOT_TOKEN, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  @Test
  void aTelegramUserGetsAPrivatePaidVerifiedAnswer() throws Exception {
    long chargedBefore = charged();
    HttpResponse<String> r = ask(initData(NOW, "{\"id\":42,\"first_name\":\"Ada\"}"), "What is a payment channel?");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("What is a payment channel?"); // the echo model, a test double
    assertThat(r.headers().firstValue("X-Silk-Receipt")).isPresent();
    assertThat(charged()).isGreaterThan(chargedBefore);
  }

  @Test
  void forgedOrStaleInitDataIsRefusedBeforeAnythingIsPaid() throws Exception {
    long chargedBefore = charged();
    String genuine = initData(NOW, "{\"id\":42,\"first_name\":\"Ada\"}");
    String forged = genuine.replace("42", "43");

    assertThat(ask(forged, "as someone else").statusCode()).isEqualTo(401);
    assertThat(ask(initData(NOW.minus(Duration.ofHours(2)), "{\"id\":42}"), "late").statusCode()).isEqualTo(401);
    assertThat(ask("", "no initData").statusCode()).isEqualTo(401);
    assertThat(charged()).isEqualTo(chargedBefore);
  }

  @Test
  void aFailingNodeIsAnUnavailableAnswerNotACrash() throws Exception {
    silk.node().inject(InjectedFault.SERVER_ERROR);

    HttpResponse<String> r = ask(initData(NOW, "{\"id\":42}"), "still there?");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("unavailable").doesNotContain("still there?");
  }

  @Test
  void theValidatorFollowsTelegramsRules() throws Exception {
    String data = initData(NOW, "{\"id\":7}");
    assertThat(InitData.validate(data, BOT_TOKEN, Duration.ofHours(1), NOW).field("user")).isEqualTo("{\"id\":7}");
    assertThatThrownBy(() -> InitData.validate(data, "another:token", Duration.ofHours(1), NOW))
        .isInstanceOf(InitData.InvalidInitData.class);
    assertThatThrownBy(() -> InitData.validate(data + "&hash=00", BOT_TOKEN, Duration.ofHours(1), NOW))
        .isInstanceOf(InitData.InvalidInitData.class);
  }

  /** The worked example published with the tma.js init-data docs (a sample bot token), checked independently. */
  @Test
  void aPublishedExampleValidatesAndAnyChangeToItDoesNot() throws Exception {
    String token = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8";
    String published = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22"
        + "Vladislav%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A"
        + "%22ru%22%2C%22is_premium%22%3Atrue%7D&auth_date=1662771648"
        + "&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2";
    Instant then = Instant.ofEpochSecond(1662771648 + 60);

    assertThat(InitData.validate(published, token, Duration.ofHours(1), then).field("user")).contains("vdkfrost");
    assertThatThrownBy(() -> InitData.validate(published.replace("Vladislav", "Vladimir"), token, Duration.ofHours(1),
        then)).isInstanceOf(InitData.InvalidInitData.class);
  }

  private long charged() {
    return silk.node().payments().get().record().charged().nanoton();
  }

  /** initData as Telegram would sign it for this bot. */
  private static String initData(Instant authDate, String userJson) {
    Map<String, String> fields = new TreeMap<>();
    fields.put("auth_date", Long.toString(authDate.getEpochSecond()));
    fields.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
    fields.put("user", userJson);
    StringBuilder hex = new StringBuilder();
    for (byte b : InitData.sign(fields, BOT_TOKEN)) {
      hex.append(String.format("%02x", b));
    }
    fields.put("hash", hex.toString());
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      out.append(out.length() == 0 ? "" : "&").append(e.getKey()).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private HttpResponse<String> ask(String initData, String question) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.port() + "/ask"))
        .header("X-Telegram-Init-Data", initData)
        .POST(HttpRequest.BodyPublishers.ofString(question)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
