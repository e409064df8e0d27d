package dev.silk.crypto.signature;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.FixedLengthId;
import dev.silk.crypto.internal.Hashes;

/**
 * A node's identity: SHA-256 of its Ed25519 signing key (32 bytes), shown as lower-case hex.
 * Immutable and thread-safe.
 */
public final class NodeId extends FixedLengthId {
  /** Length in bytes. */
  public static final int LENGTH = 32;

  private NodeId(byte[] id) {
    super(id);
  }

  /** The id of the node that signs with {@code key}. */
  public static NodeId of(SigningPublicKey key) {
    return new NodeId(Hashes.sha256(key.toBytes()));
  }

  /**
   * Decodes a 32-byte id.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} if the length is wrong
   */
  public static NodeId fromBytes(byte[] id) throws SilkCryptoException {
    if (id == null || id.length != LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "node id must be 32 bytes");
    }
    return new NodeId(id.clone());
  }
}
