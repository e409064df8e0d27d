package dev.silk.crypto.envelope;

import dev.silk.crypto.RequestId;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.signature.SigningPublicKey;

/**
 * A sealed request and what the client keeps to read its answer: the envelope bytes to send,
 * and (privately) the response keys and the keyed request hash the receipt must repeat.
 * Immutable and thread-safe; each {@link #responseReader} is a fresh reader.
 */
public final class SealedRequest {
  private final byte[] envelope;
  private final RequestId requestId;
  private final String model;
  private final Recipient recipient;
  private final ResponseKeys keys;
  private final byte[] requestHash;

  SealedRequest(
      byte[] envelope, RequestId requestId, String model, Recipient recipient, ResponseKeys keys, byte[] requestHash) {
    this.envelope = envelope;
    this.requestId = requestId;
    this.model = model;
    this.recipient = recipient;
    this.keys = keys;
    this.requestHash = requestHash;
  }

  /** The bytes to send to the node (a copy). */
  public byte[] envelope() {
    return envelope.clone();
  }

  /** The envelope's length in bytes. */
  public int envelopeLength() {
    return envelope.length;
  }

  public RequestId requestId() {
    return requestId;
  }

  public String model() {
    return model;
  }

  public Recipient recipient() {
    return recipient;
  }

  /** The keyed hash of the sealed plaintext that the node's receipt must state. */
  public byte[] requestHash() {
    return requestHash.clone();
  }

  /**
   * A reader that opens this request's answer chunk by chunk and verifies the receipt in the
   * final chunk against {@code nodeKey}, the signing key of the descriptor sealed to.
   *
   * @throws IllegalArgumentException if {@code nodeKey} is not the recipient node's key
   */
  public ResponseReader responseReader(SigningPublicKey nodeKey) {
    if (!nodeKey.nodeId().equals(recipient.nodeId())) {
      throw new IllegalArgumentException("nodeKey does not belong to the recipient node");
    }
    return new ResponseReader(this, nodeKey, keys);
  }

  @Override
  public String toString() {
    return "SealedRequest[" + requestId + ", " + recipient + ", " + envelope.length + " bytes]";
  }
}
