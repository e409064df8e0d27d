package dev.silk.crypto.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.hybrid.internal.FixedEphemeralHpke;
import com.squareup.moshi.Moshi;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.ResponseKey;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.OperatorEndorsement;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec's deterministic vectors (docs-site/protocol/vectors-v1.json): from fixed keys and
 * randomness, the code must produce exactly the published bytes, and must open and verify them.
 *
 * <p>After a deliberate wire change (which, after the first release, also bumps the version),
 * regenerate with {@code ./mvnw -pl sdk-crypto test -Dtest=SpecVectorsTest -Dsilk.vectors.write=true}
 * and update the spec in the same commit.
 */
class SpecVectorsTest {
  private static Path file() {
    return TestFiles.repoRoot().resolve("docs-site/protocol/vectors-v1.json");
  }

  @Test
  @SuppressWarnings("unchecked")
  void codeReproducesThePublishedVectors() throws Exception {
    Map<String, Object> inputs = inputs();
    Map<String, Object> computed = outputs(inputs);
    if (Boolean.getBoolean("silk.vectors.write")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("spec", "Silk protocol v1, docs-site/protocol/spec-v1.md");
      doc.put("encoding", "byte strings are lower-case hex; *_utf8 fields are text; times are Unix seconds or milliseconds as named");
      Map<String, Object> contexts = new LinkedHashMap<>();
      for (SignedType type : SignedType.values()) {
        contexts.put(type.name().toLowerCase(java.util.Locale.ROOT), type.context());
      }
      doc.put("context_strings", contexts);
      doc.put("inputs", inputs);
      doc.put("outputs", computed);
      Files.write(file(), (new Moshi.Builder().build().adapter(Object.class).indent("  ").toJson(doc) + "\n")
          .getBytes(UTF_8));
    }
    Map<String, Object> published = TestFiles.readJson(file());
    assertThat(published.get("inputs")).as("vector inputs").isEqualTo(normalise(inputs));
    Map<String, Object> expected = (Map<String, Object>) published.get("outputs");
    assertThat(expected.keySet()).containsExactlyElementsOf(computed.keySet());
    for (Map.Entry<String, Object> e : computed.entrySet()) {
      assertThat(normalise(e.getValue())).as(e.getKey()).isEqualTo(expected.get(e.getKey()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishedBytesOpenAndVerify() throws Exception {
    Map<String, Object> published = TestFiles.readJson(file());
    Map<String, Object> in = (Map<String, Object>) published.get("inputs");
    Map<String, Object> out = (Map<String, Object>) published.get("outputs");
    Map<String, Object> request = (Map<String, Object>) in.get("request");
    Map<String, Object> descriptorInputs = (Map<String, Object>) in.get("descriptor");

    SignedDescriptor descriptor = SignedDescriptor.parse(hex(out, "descriptor"));
    descriptor.verify(AttestationPolicy.builder().allowInsecureDevAttestation().build(),
        Instant.ofEpochSecond(((Number) descriptorInputs.get("not_before")).longValue()));
    KemPrivateKey kem = KemPrivateKey.fromBytes(
        HpkeSuite.X25519_SHA256_AES128GCM, hex(in, "node_kem_private_key"), SecretAccess.grant());
    RequestOpener opener = RequestOpener.create(descriptor.nodeId(), descriptor.hash(), Collections.singletonList(kem));
    OpenedRequest opened = opener.open(hex(out, "envelope"));
    assertThat(new String(opened.payload().body(), UTF_8)).isEqualTo(request.get("body_utf8"));
    assertThat(opened.requestHash()).isEqualTo(hex(out, "request_hash"));

    // The client's view: its SealedRequest for these inputs reads the published chunks.
    SealedRequest sealed = sealVector(in, descriptor);
    ResponseReader reader = sealed.responseReader(descriptor.signingKey());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (Object chunk : (List<Object>) out.get("chunks")) {
      text.write(reader.read(Hex.decode((String) chunk)).data());
    }
    assertThat(text.toString("UTF-8"))
        .isEqualTo(String.join("", (List<String>) ((Map<String, Object>) in.get("response")).get("chunks_utf8")));
    assertThat(reader.receipt().toBytes()).isEqualTo(hex(out, "receipt"));
  }

  /** Fixed inputs: every byte of randomness the protocol uses is named here. */
  private static Map<String, Object> inputs() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("node_signing_seed", repeat("a1", 32));
    in.put("operator_signing_seed", repeat("b2", 32));
    in.put("node_kem_private_key", "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8");
    in.put("client_ephemeral_private_key", "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736");

    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("epoch", 7);
    descriptor.put("not_before", 1_795_000_000L);
    descriptor.put("not_after", 1_795_086_400L);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", "echo");
    model.put("backend", "echo");
    model.put("weights_hash", "");
    model.put("prompt_nanoton_per_1k", 1000);
    model.put("completion_nanoton_per_1k", 2000);
    model.put("max_completion_tokens", 512);
    descriptor.put("models", Collections.singletonList(model));
    descriptor.put("max_envelope_bytes", 1_048_576);
    descriptor.put("payment_scheme", "free");
    descriptor.put("attestation_format", "dev");
    in.put("descriptor", descriptor);

    Map<String, Object> request = new LinkedHashMap<>();
    request.put("request_id", "000102030405060708090a0b0c0d0e0f");
    request.put("timestamp_ms", 1_795_000_123_456L);
    request.put("response_key", repeat("5a", 32));
    request.put("model", "echo");
    request.put("stream", true);
    request.put("body_utf8", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello, Silk\"}]}");
    request.put("payment", "");
    in.put("request", request);

    Map<String, Object> response = new LinkedHashMap<>();
    List<String> chunks = new ArrayList<>();
    chunks.add("Hello");
    chunks.add(", Silk");
    response.put("chunks_utf8", chunks);
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("prompt_tokens", 12);
    receipt.put("completion_tokens", 2);
    receipt.put("cost_nanoton", 16);
    receipt.put("channel", "c0ffee");
    receipt.put("payment_seqno", 3);
    receipt.put("cumulative_charged_nanoton", 48);
    receipt.put("issued_at_ms", 1_795_000_124_000L);
    response.put("receipt", receipt);
    in.put("response", response);

    // §13 objects the node signs, and a signed error of §5.1 raised before decryption.
    Map<String, Object> signed = new LinkedHashMap<>();
    String channel = "00" + repeat("d4", 32);
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("request_id", "000102030405060708090a0b0c0d0e0f");
    quote.put("channel", channel);
    quote.put("last_seqno", 5);
    quote.put("charged_nanoton", 1_200_000);
    quote.put("reserved_nanoton", 4_800_000);
    quote.put("max_cost_nanoton", 4_800_000);
    quote.put("issued_at_ms", 1_795_000_125_000L);
    signed.put("payment_quote", quote);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("channel", channel);
    status.put("last_seqno", 5);
    status.put("last_sent_nanoton", 101_200_000);
    status.put("charged_nanoton", 1_200_000);
    status.put("reserved_nanoton", 0);
    status.put("issued_at_ms", 1_795_000_126_000L);
    signed.put("channel_status", status);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", 23);
    error.put("request_id", repeat("00", 16));
    error.put("retry_after_ms", 0);
    error.put("message", "the channel was closed cooperatively; open a new one");
    error.put("issued_at_ms", 1_795_000_127_000L);
    signed.put("error", error);
    in.put("signed_objects", signed);
    return in;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> outputs(Map<String, Object> in) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    SigningPrivateKey nodeKey = SigningPrivateKey.fromSeed(hex(in, "node_signing_seed"), SecretAccess.grant());
    KemPrivateKey kem = KemPrivateKey.fromBytes(
        HpkeSuite.X25519_SHA256_AES128GCM, hex(in, "node_kem_private_key"), SecretAccess.grant());
    out.put("node_signing_public_key", Hex.encode(nodeKey.publicKey().toBytes()));
    out.put("node_id", nodeKey.publicKey().nodeId().toHex());
    out.put("node_kem_public_key", Hex.encode(kem.publicKey().toBytes()));

    Map<String, Object> d = (Map<String, Object>) in.get("descriptor");
    Map<String, Object> m = ((List<Map<String, Object>>) d.get("models")).get(0);
    NodeDescriptor.Builder b = NodeDescriptor.builder()
        .signingKey(nodeKey.publicKey())
        .epoch(num(d, "epoch"))
        .validity(Instant.ofEpochSecond(num(d, "not_before")), Instant.ofEpochSecond(num(d, "not_after")))
        .addHpkeKey(kem.publicKey())
        .addModel(ModelInfo.builder((String) m.get("name"), (String) m.get("backend"))
            .prices(num(m, "prompt_nanoton_per_1k"), num(m, "completion_nanoton_per_1k"))
            .maxCompletionTokens(num(m, "max_completion_tokens")).build())
        .maxEnvelopeBytes(num(d, "max_envelope_bytes"))
        .payment(PaymentTerms.free());
    byte[] binding = b.keyBinding();
    OperatorEndorsement endorsement = OperatorEndorsement.sign(
        SigningPrivateKey.fromSeed(hex(in, "operator_signing_seed"), SecretAccess.grant()), nodeKey.publicKey(),
        num(d, "epoch"), Instant.ofEpochSecond(num(d, "not_after")));
    out.put("operator_endorsement", Hex.encode(endorsement.toBytes()));
    SignedDescriptor descriptor = SignedDescriptor.sign(
        b.attestation(DevAttestation.evidence(binding)).operator(endorsement).build(), nodeKey);
    out.put("key_binding", Hex.encode(binding));
    out.put("descriptor_body", Hex.encode(SignedFrame.parse(descriptor.toBytes(), SignedType.DESCRIPTOR).body()));
    out.put("descriptor", Hex.encode(descriptor.toBytes()));
    out.put("descriptor_hash", Hex.encode(descriptor.hash()));

    Map<String, Object> r = (Map<String, Object>) in.get("request");
    RequestPayload payload = payload(r);
    SealedRequest sealed = sealVector(in, descriptor);
    out.put("envelope_header", Hex.encode(descriptor.recipient().header()));
    out.put("request_plaintext", Hex.encode(payload.encode()));
    out.put("envelope", Hex.encode(sealed.envelope()));

    ResponseKeys keys = ResponseKeys.derive(payload.responseKey(), payload.requestId());
    out.put("response_encryption_key", Hex.encode(keys.encryptionKey()));
    out.put("response_base_nonce", Hex.encode(keys.baseNonce()));
    out.put("response_hash_key", Hex.encode(keys.hashKey()));
    out.put("request_hash", Hex.encode(sealed.requestHash()));

    Map<String, Object> resp = (Map<String, Object>) in.get("response");
    Map<String, Object> rc = (Map<String, Object>) resp.get("receipt");
    List<String> parts = (List<String>) resp.get("chunks_utf8");
    OpenedRequest opened = RequestOpener.create(descriptor.nodeId(), descriptor.hash(), Collections.singletonList(kem))
        .open(sealed.envelope());
    ResponseWriter writer = opened.responseWriter(nodeKey);
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < parts.size() - 1; i++) {
      chunks.add(Hex.encode(writer.chunk(parts.get(i).getBytes(UTF_8))));
    }
    chunks.add(Hex.encode(writer.finish(parts.get(parts.size() - 1).getBytes(UTF_8), Receipt.builder()
        .usage(num(rc, "prompt_tokens"), num(rc, "completion_tokens"))
        .costNanoton(num(rc, "cost_nanoton"))
        .payment(hex(rc, "channel"), num(rc, "payment_seqno"), num(rc, "cumulative_charged_nanoton"))
        .issuedAt(Instant.ofEpochMilli(num(rc, "issued_at_ms"))))));
    out.put("chunks", chunks);
    out.put("response_hash", Hex.encode(writer.receipt().receipt().responseHash()));
    out.put("receipt", Hex.encode(writer.receipt().toBytes()));

    Map<String, Object> objects = (Map<String, Object>) in.get("signed_objects");
    Map<String, Object> q = (Map<String, Object>) objects.get("payment_quote");
    out.put("payment_quote", Hex.encode(dev.silk.crypto.payment.PaymentQuote.sign(nodeKey,
        dev.silk.crypto.RequestId.fromBytes(hex(q, "request_id")), hex(q, "channel"), num(q, "last_seqno"),
        num(q, "charged_nanoton"), num(q, "reserved_nanoton"), num(q, "max_cost_nanoton"),
        Instant.ofEpochMilli(num(q, "issued_at_ms"))).toBytes()));
    Map<String, Object> st = (Map<String, Object>) objects.get("channel_status");
    out.put("channel_status", Hex.encode(dev.silk.crypto.payment.ChannelStatus.sign(nodeKey, hex(st, "channel"),
        num(st, "last_seqno"), num(st, "last_sent_nanoton"), num(st, "charged_nanoton"), num(st, "reserved_nanoton"),
        Instant.ofEpochMilli(num(st, "issued_at_ms"))).toBytes()));
    Map<String, Object> e = (Map<String, Object>) objects.get("error");
    out.put("error", Hex.encode(dev.silk.crypto.error.NodeError.sign(nodeKey,
        dev.silk.crypto.ErrorCode.fromNumber((int) num(e, "code")), dev.silk.crypto.RequestId.fromBytes(
            hex(e, "request_id")), java.time.Duration.ofMillis(num(e, "retry_after_ms")), (String) e.get("message"),
        Instant.ofEpochMilli(num(e, "issued_at_ms"))).toBytes()));
    return out;
  }

  private static SealedRequest sealed;

  /**
   * Seals the vector request once per JVM: the JDK's AES-GCM refuses, by design, to encrypt
   * twice with the same key and nonce on one cipher instance, which Tink keeps per thread.
   */
  private static synchronized SealedRequest sealVector(Map<String, Object> in, SignedDescriptor descriptor)
      throws Exception {
    if (sealed == null) {
      sealed = sealOnce(in, descriptor);
    }
    return sealed;
  }

  @SuppressWarnings("unchecked")
  private static SealedRequest sealOnce(Map<String, Object> in, SignedDescriptor descriptor) throws Exception {
    byte[] ephemeral = hex(in, "client_ephemeral_private_key");
    return RequestSealer.seal(payload((Map<String, Object>) in.get("request")), descriptor.recipient(),
        (key, plaintext, info) -> {
          try {
            return FixedEphemeralHpke.singleShot(key.toBytes(), ephemeral, plaintext, info);
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static RequestPayload payload(Map<String, Object> r) throws Exception {
    return RequestPayload.builder()
        .requestId(RequestId.fromBytes(hex(r, "request_id")))
        .timestamp(Instant.ofEpochMilli(num(r, "timestamp_ms")))
        .responseKey(ResponseKey.fromBytes(hex(r, "response_key"), SecretAccess.grant()))
        .model((String) r.get("model"))
        .stream((Boolean) r.get("stream"))
        .body(((String) r.get("body_utf8")).getBytes(UTF_8))
        .payment(hex(r, "payment"))
        .build();
  }

  private static byte[] hex(Map<String, Object> map, String key) {
    return Hex.decode((String) map.get(key));
  }

  private static long num(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).longValue();
  }

  private static String repeat(String s, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(s);
    }
    return b.toString();
  }

  /** JSON numbers read back as doubles: compare through the same JSON round trip. */
  private static Object normalise(Object value) {
    Moshi moshi = new Moshi.Builder().build();
    try {
      return moshi.adapter(Object.class).fromJson(moshi.adapter(Object.class).toJson(value));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
