package dev.silk.crypto.envelope;

import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SigningPrivateKey;

/**
 * A request the node has opened: the payload, the HPKE encapsulated key (which the node
 * remembers, with the request id, to reject replays), and a factory for the answer's
 * {@link ResponseWriter}. Immutable and thread-safe.
 */
public final class OpenedRequest {
  private final RequestPayload payload;
  private final byte[] encapsulatedKey;
  private final NodeId nodeId;
  private final byte[] descriptorHash;
  private final ResponseKeys keys;
  private final byte[] requestHash;

  OpenedRequest(
      RequestPayload payload, byte[] encapsulatedKey, NodeId nodeId, byte[] descriptorHash,
      ResponseKeys keys, byte[] requestHash) {
    this.payload = payload;
    this.encapsulatedKey = encapsulatedKey;
    this.nodeId = nodeId;
    this.descriptorHash = descriptorHash;
    this.keys = keys;
    this.requestHash = requestHash;
  }

  public RequestPayload payload() {
    return payload;
  }

  /** The HPKE {@code enc} of this request (a copy), unique per sealing. */
  public byte[] encapsulatedKey() {
    return encapsulatedKey.clone();
  }

  /**
   * What a replay cache keeps of {@link #encapsulatedKey()}: the key itself when it is 32 bytes
   * (X25519), else its SHA-256 (X-Wing's is 1,120 bytes). Unique per sealing either way.
   */
  public byte[] encapsulatedKeyId() {
    return encapsulatedKey.length <= 32 ? encapsulatedKey.clone() : Hashes.sha256(encapsulatedKey);
  }

  /**
   * A writer for this request's answer, signing its receipt with {@code nodeKey}.
   *
   * @throws IllegalArgumentException if {@code nodeKey} is not this node's key
   */
  public ResponseWriter responseWriter(SigningPrivateKey nodeKey) {
    if (!nodeKey.publicKey().nodeId().equals(nodeId)) {
      throw new IllegalArgumentException("nodeKey is not the key of the node this request was sealed to");
    }
    return new ResponseWriter(this, nodeKey);
  }

  NodeId nodeId() {
    return nodeId;
  }

  byte[] descriptorHash() {
    return descriptorHash.clone();
  }

  ResponseKeys keys() {
    return keys;
  }

  byte[] requestHash() {
    return requestHash.clone();
  }

  @Override
  public String toString() {
    return "OpenedRequest[" + payload + "]";
  }
}
