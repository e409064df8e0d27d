package dev.silk.crypto.envelope;

import dev.silk.crypto.signature.NodeId;
import java.util.Objects;

/**
 * Where a request is sealed to: the node, the exact descriptor the client trusts (by hash) and
 * the node's HPKE key from it. Usually obtained from a verified descriptor
 * ({@code SignedDescriptor.recipient()}). Immutable and thread-safe.
 */
public final class Recipient {
  private final NodeId nodeId;
  private final byte[] descriptorHash;
  private final KemPublicKey key;

  private Recipient(NodeId nodeId, byte[] descriptorHash, KemPublicKey key) {
    this.nodeId = nodeId;
    this.descriptorHash = descriptorHash;
    this.key = key;
  }

  /** @throws IllegalArgumentException if the descriptor hash is not 32 bytes */
  public static Recipient of(NodeId nodeId, byte[] descriptorHash, KemPublicKey key) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(key, "key");
    if (Objects.requireNonNull(descriptorHash, "descriptorHash").length != 32) {
      throw new IllegalArgumentException("descriptor hash must be 32 bytes");
    }
    return new Recipient(nodeId, descriptorHash.clone(), key);
  }

  public NodeId nodeId() {
    return nodeId;
  }

  public byte[] descriptorHash() {
    return descriptorHash.clone();
  }

  public KemPublicKey key() {
    return key;
  }

  /**
   * The envelope header, which is also the HPKE info (spec-v1 §3.1):
   * {@code u16 version || u16 kem || u16 kdf || u16 aead || node_id[32] || descriptor_hash[32]}.
   */
  byte[] header() {
    return EnvelopeHeader.encode(key.suite(), nodeId, descriptorHash);
  }

  @Override
  public String toString() {
    return "Recipient[" + nodeId.toHex() + ", " + key.suite() + "]";
  }
}
