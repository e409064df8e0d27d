package dev.silk.crypto.descriptor;

import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The 64 bytes an attestation's report data must equal (spec-v1 §7.3): SHA-512 over a
 * domain-separated, length-prefixed encoding of the node's signing key, every HPKE key with its
 * suite, and the descriptor epoch and expiry. A key that was not produced inside the measured
 * code cannot appear here, and a quote cannot outlive the expiry it binds.
 *
 * <pre>
 * SHA-512( "silk/1 key-binding" || 0x00 || signing_key[32]
 *          || u16 n || n x (u16 kem || u16 kdf || u16 aead || u32 len || key)
 *          || u64 epoch || u64 not_after )
 * </pre>
 */
public final class KeyBinding {
  private static final byte[] LABEL = "silk/1 key-binding".getBytes(StandardCharsets.US_ASCII);

  private KeyBinding() {}

  static byte[] reportData(byte[] signingKey, List<ListedKey> keys, long epoch, Instant notAfter) {
    ByteWriter out = new ByteWriter(256).fixed(LABEL).u8(0).fixed(signingKey).count(keys.size());
    for (ListedKey key : keys) {
      key.writeTo(out);
    }
    out.u64(epoch).u64(notAfter.getEpochSecond());
    return Hashes.sha512(out.toByteArray());
  }
}
