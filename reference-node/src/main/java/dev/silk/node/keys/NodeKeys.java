package dev.silk.node.keys;

import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.signature.SigningPrivateKey;

/** A node's signing key (receipts, descriptor, errors) and HPKE key (requests). Immutable. */
public final class NodeKeys {
  public final SigningPrivateKey signing;
  public final KemPrivateKey kem;

  public NodeKeys(SigningPrivateKey signing, KemPrivateKey kem) {
    this.signing = signing;
    this.kem = kem;
  }

  @Override
  public String toString() {
    return "NodeKeys[" + signing.publicKey().nodeId() + "]";
  }
}
