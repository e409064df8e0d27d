package dev.silk.node.keys;

import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A node's signing key (receipts, descriptor, errors) and HPKE keys (requests): X-Wing, the
 * post-quantum suite clients prefer, and X25519 for clients without it (and the Oblivious HTTP
 * gateway, whose standard key configuration is X25519). Immutable.
 */
public final class NodeKeys {
  public final SigningPrivateKey signing;
  /** The X25519 key. */
  public final KemPrivateKey kem;
  /** The X-Wing key. */
  public final KemPrivateKey xwing;

  public NodeKeys(SigningPrivateKey signing, KemPrivateKey kem, KemPrivateKey xwing) {
    this.signing = signing;
    this.kem = kem;
    this.xwing = xwing;
  }

  /** New keys, held in memory only (a TD's keys, new at each boot). */
  public static NodeKeys generate() {
    return new NodeKeys(SigningPrivateKey.generate(), KemPrivateKey.generate(HpkeSuite.X25519_SHA256_AES128GCM),
        KemPrivateKey.generate(HpkeSuite.XWING_SHA256_AES128GCM));
  }

  /** Every HPKE key, strongest first: what the descriptor lists and the opener holds. */
  public List<KemPrivateKey> hpkeKeys() {
    return Collections.unmodifiableList(Arrays.asList(xwing, kem));
  }

  @Override
  public String toString() {
    return "NodeKeys[" + signing.publicKey().nodeId() + "]";
  }
}
