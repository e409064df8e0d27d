package dev.silk.examples;

import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.attestation.DevAttestation;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole Silk protocol v1 round in one process, with sdk-crypto alone (no HTTP): a node
 * publishes a self-signed descriptor with {@code dev} attestation; a client verifies it, seals
 * a chat request to it; the node opens it and streams an answer with a signed receipt; the
 * client opens every chunk and verifies the receipt before using the answer.
 *
 * <p>Run: {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.CryptoRoundTrip}
 */
public final class CryptoRoundTrip {
  private CryptoRoundTrip() {}

  public static void main(String[] args) throws Exception {
    Instant now = Instant.now();

    // Node side: keys and a self-signed descriptor whose dev attestation binds them.
    SigningPrivateKey nodeKey = SigningPrivateKey.generate();
    KemPrivateKey kemKey = KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM);
    NodeDescriptor.Builder builder = NodeDescriptor.builder()
        .signingKey(nodeKey.publicKey())
        .epoch(1)
        .validity(now.minusSeconds(60), now.plus(Duration.ofHours(1)))
        .addHpkeKey(kemKey.publicKey())
        .addModel(ModelInfo.builder("echo", "echo").build())
        .payment(PaymentTerms.free());
    builder.attestation(DevAttestation.evidence(builder.keyBinding()));
    byte[] published = SignedDescriptor.sign(builder.build(), nodeKey).toBytes();

    // Client side: verify the descriptor (dev attestation is opt-in and logs a warning).
    SignedDescriptor descriptor = SignedDescriptor.parse(published);
    AttestationPolicy localOnly = AttestationPolicy.builder().allowInsecureDevAttestation().build();
    AttestationResult attestation = descriptor.verify(localOnly, now);
    System.out.println("node        " + descriptor.nodeId().toHex());
    System.out.println("attestation " + attestation);

    String question = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is Silk?\"}]}";
    RequestPayload payload = RequestPayload.builder()
        .model("echo").stream(true).body(question.getBytes(StandardCharsets.UTF_8)).build();
    SealedRequest sealed = RequestSealer.seal(payload, descriptor.recipient());
    System.out.println("sealed      " + sealed.envelope().length + " bytes to " + sealed.recipient());

    // Node side: open, answer in three chunks, sign the receipt into the last one.
    RequestOpener opener = RequestOpener.create(
        nodeKey.publicKey().nodeId(), descriptor.hash(), Collections.singletonList(kemKey));
    OpenedRequest opened = opener.open(sealed.envelope());
    ResponseWriter writer = opened.responseWriter(nodeKey);
    List<byte[]> wire = new ArrayList<>();
    wire.add(writer.chunk(utf8("Silk seals ")));
    wire.add(writer.chunk(utf8("prompts to attested nodes ")));
    wire.add(writer.finish(utf8("and verifies every answer."),
        Receipt.builder().usage(12, 9).costNanoton(0).issuedAt(Instant.now())));

    // Client side: open each chunk; the receipt is verified at the final chunk.
    ResponseReader reader = sealed.responseReader(descriptor.signingKey());
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    for (byte[] chunk : wire) {
      answer.write(reader.read(chunk).data());
    }
    SignedReceipt receipt = reader.receipt();
    System.out.println("answer      " + answer.toString("UTF-8"));
    System.out.println("receipt     " + receipt.receipt());
    System.out.println("export      " + receipt.toExportString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
