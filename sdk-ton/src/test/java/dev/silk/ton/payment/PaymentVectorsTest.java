package dev.silk.ton.payment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.silk.core.payment.TonAmount;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.testing.TestFiles;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.channel.ChannelSigner;
import dev.silk.ton.channel.ChannelState;
import dev.silk.ton.channel.Side;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec's vectors for the client's §13 objects (docs-site/protocol/vectors-v1-ton.json): the
 * payment state (its cell hash, A's signature, the payment field), the channel-status request,
 * and the cooperative close and commit requests with their cell hashes. The independent Python
 * check recomputes every output, TON cell hashes included. Regenerate with
 * {@code ./mvnw -pl sdk-ton test -Dtest=PaymentVectorsTest -Dsilk.vectors.write=true}.
 */
class PaymentVectorsTest {
  private static Path file() {
    return TestFiles.repoRoot().resolve("docs-site/protocol/vectors-v1-ton.json");
  }

  @Test
  void codeReproducesThePublishedVectors() throws Exception {
    Map<String, Object> in = inputs();
    Map<String, Object> computed = outputs(in);
    if (Boolean.getBoolean("silk.vectors.write")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("spec", "Silk protocol v1 §13, docs-site/protocol/spec-v1.md");
      doc.put("encoding", "byte strings are lower-case hex; amounts in nanoTON; times in milliseconds");
      doc.put("inputs", in);
      doc.put("outputs", computed);
      Files.write(file(), (new Moshi.Builder().build().adapter(Object.class).indent("  ").toJson(doc) + "\n")
          .getBytes(UTF_8));
    }
    Map<String, Object> published = TestFiles.readJson(file());
    assertThat(normalise(published.get("inputs"))).isEqualTo(normalise(in));
    assertThat(published.get("outputs")).isEqualTo(computed);
  }

  @Test
  void thePublishedRequestsParseBackAndVerify() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) TestFiles.readJson(file()).get("outputs");
    TonSecretKey key = key(inputs());
    ChannelPayment payment = ChannelPayment.parse(Hex.decode((String) out.get("payment")));
    assertThat(payment.signedBy(key.publicKey())).isTrue();
    assertThat(ChannelStatusRequest.parse(Hex.decode((String) out.get("status_request"))).signedBy(key.publicKey()))
        .isTrue();
    BigInteger channelId = new BigInteger((String) inputs().get("channel_id"), 16);
    assertThat(CooperativeClose.parse(Hex.decode((String) out.get("close_request"))).signedBy(key.publicKey(),
        channelId)).isTrue();
    assertThat(CooperativeCommit.parse(Hex.decode((String) out.get("commit_request"))).signedBy(key.publicKey(),
        channelId)).isTrue();
  }

  private static Map<String, Object> inputs() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("client_channel_seed", repeat("c3", 32));
    in.put("channel_workchain", 0);
    in.put("channel_account", repeat("d4", 32));
    in.put("channel_id", "0123456789abcdef0123456789abcdef");
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("seqno_a", 5);
    state.put("sent_a", 101_200_000);
    state.put("seqno_b", 0);
    state.put("sent_b", 0);
    state.put("max_cost_nanoton", 4_800_000);
    in.put("state", state);
    in.put("status_request_timestamp_ms", 1_795_000_128_000L);
    Map<String, Object> close = new LinkedHashMap<>();
    close.put("balance_a", 898_800_000);
    close.put("balance_b", 1_200_000);
    close.put("seqno_a", 6);
    close.put("seqno_b", 1);
    in.put("close", close);
    Map<String, Object> commit = new LinkedHashMap<>();
    commit.put("seqno_a", 5);
    commit.put("seqno_b", 1);
    in.put("commit", commit);
    return in;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> outputs(Map<String, Object> in) throws Exception {
    TonSecretKey key = key(in);
    TonAddress channel = TonAddress.of((int) num(in, "channel_workchain"), Hex.decode((String) in.get("channel_account")));
    BigInteger channelId = new BigInteger((String) in.get("channel_id"), 16);
    Map<String, Object> s = (Map<String, Object>) in.get("state");
    ChannelState state = ChannelState.of(num(s, "seqno_a"), TonAmount.ofNanoton(num(s, "sent_a")), num(s, "seqno_b"),
        TonAmount.ofNanoton(num(s, "sent_b")));
    ChannelSigner signer = ChannelSigner.of(channelId, key.publicKey(), Side.A, key);
    byte[] signature = signer.sign(state);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("client_channel_public_key", Hex.encode(key.publicKey()));
    out.put("signature_a", Hex.encode(signature));
    out.put("payment", Hex.encode(ChannelPayment.of(channel, channelId, state, signature,
        TonAmount.ofNanoton(num(s, "max_cost_nanoton"))).encode()));
    out.put("status_request", Hex.encode(ChannelStatusRequest.sign(channel,
        Instant.ofEpochMilli(num(in, "status_request_timestamp_ms")), key).toBytes()));
    Map<String, Object> c = (Map<String, Object>) in.get("close");
    TonAmount balanceA = TonAmount.ofNanoton(num(c, "balance_a"));
    TonAmount balanceB = TonAmount.ofNanoton(num(c, "balance_b"));
    out.put("close_cell_hash", Hex.encode(ChannelSigner.cooperativeCloseHash(channelId, balanceA, balanceB,
        num(c, "seqno_a"), num(c, "seqno_b"))));
    out.put("close_request", Hex.encode(new CooperativeClose(channel, balanceA, balanceB, num(c, "seqno_a"),
        num(c, "seqno_b"), signer.signCooperativeClose(balanceA, balanceB, num(c, "seqno_a"), num(c, "seqno_b")))
        .toBytes()));
    Map<String, Object> m = (Map<String, Object>) in.get("commit");
    out.put("commit_cell_hash", Hex.encode(ChannelSigner.cooperativeCommitHash(channelId, num(m, "seqno_a"),
        num(m, "seqno_b"))));
    out.put("commit_request", Hex.encode(new CooperativeCommit(channel, num(m, "seqno_a"), num(m, "seqno_b"),
        signer.signCooperativeCommit(num(m, "seqno_a"), num(m, "seqno_b"))).toBytes()));
    return out;
  }

  private static TonSecretKey key(Map<String, Object> in) {
    return TonSecretKey.fromSeed(Hex.decode((String) in.get("client_channel_seed")), SecretAccess.grant());
  }

  private static long num(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }

  private static String repeat(String hex, int times) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < times; i++) {
      b.append(hex);
    }
    return b.toString();
  }

  /** JSON numbers read back as doubles: whole ones become longs, so inputs compare as written. */
  @SuppressWarnings("unchecked")
  private static Object normalise(Object value) {
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> out.put(k, normalise(v)));
      return out;
    }
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    return value;
  }
}
