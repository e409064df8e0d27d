package dev.silk.crypto.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.XWingHpke;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec's X-Wing vector (docs-site/protocol/vectors-v1-xwing.json): the request of
 * vectors-v1.json sealed with the post-quantum suite, from a fixed node seed and fixed
 * encapsulation randomness, to the same node id and descriptor hash. The code must produce
 * exactly the published bytes and open them.
 *
 * <p>Regenerate with {@code -Dsilk.vectors.write=true}, like {@link SpecVectorsTest}.
 */
class XWingVectorsTest {
  private static Path file() {
    return TestFiles.repoRoot().resolve("docs-site/protocol/vectors-v1-xwing.json");
  }

  @Test
  @SuppressWarnings("unchecked")
  void codeReproducesAndOpensThePublishedXWingEnvelope() throws Exception {
    Map<String, Object> base = TestFiles.readJson(TestFiles.repoRoot().resolve("docs-site/protocol/vectors-v1.json"));
    Map<String, Object> baseIn = (Map<String, Object>) base.get("inputs");
    Map<String, Object> baseOut = (Map<String, Object>) base.get("outputs");
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("node_xwing_seed", "7f".repeat(32));
    in.put("client_xwing_randomness", "3c".repeat(64));
    in.put("request", "the request of vectors-v1.json (inputs.request), to its node_id and descriptor_hash");

    KemPrivateKey key = KemPrivateKey.fromBytes(
        HpkeSuite.XWING_SHA256_AES128GCM, hex(in, "node_xwing_seed"), SecretAccess.grant());
    NodeId nodeId = NodeId.fromBytes(hex(baseOut, "node_id"));
    byte[] descriptorHash = hex(baseOut, "descriptor_hash");
    Recipient recipient = Recipient.of(nodeId, descriptorHash, key.publicKey());
    byte[] randomness = hex(in, "client_xwing_randomness");
    SealedRequest sealed = RequestSealer.seal(SpecVectorsTest.payload((Map<String, Object>) baseIn.get("request")), recipient,
        (publicKey, plaintext, info) -> {
          try {
            return XWingHpke.seal(randomness, publicKey.toBytes(), plaintext, info);
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node_xwing_public_key", Hex.encode(key.publicKey().toBytes()));
    out.put("envelope_header", Hex.encode(recipient.header()));
    out.put("envelope", Hex.encode(sealed.envelope()));

    if (Boolean.getBoolean("silk.vectors.write")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("spec", "Silk protocol v1, docs-site/protocol/spec-v1.md §4.1: suite X-Wing (0x647a, 0x0001, 0x0001)");
      doc.put("encoding", "byte strings are lower-case hex");
      doc.put("inputs", in);
      doc.put("outputs", out);
      Files.write(file(), (new Moshi.Builder().build().adapter(Object.class).indent("  ").toJson(doc) + "\n")
          .getBytes(UTF_8));
    }
    Map<String, Object> published = TestFiles.readJson(file());
    assertThat(published.get("inputs")).isEqualTo(in);
    assertThat(published.get("outputs")).isEqualTo(out);

    // The node's side: the published envelope opens to vectors-v1's request plaintext.
    OpenedRequest opened = RequestOpener.create(nodeId, descriptorHash, Collections.singletonList(key))
        .open(hex(out, "envelope"));
    assertThat(opened.payload().encode()).isEqualTo(hex(baseOut, "request_plaintext"));
    assertThat(opened.requestHash()).isEqualTo(hex(baseOut, "request_hash"));
  }

  private static byte[] hex(Map<String, Object> map, String key) {
    return Hex.decode((String) map.get(key));
  }
}
