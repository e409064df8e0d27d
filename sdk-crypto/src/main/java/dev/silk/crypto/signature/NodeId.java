package dev.silk.crypto.signature;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.internal.Hex;
import java.util.Arrays;

/**
 * A node's identity: SHA-256 of its Ed25519 signing key (32 bytes), shown as lower-case hex.
 * Immutable and thread-safe.
 */
public final class NodeId {
  /** Length in bytes. */
  public static final int LENGTH = 32;

  private final byte[] id;

  private NodeId(byte[] id) {
    this.id = id;
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

  public byte[] toBytes() {
    return id.clone();
  }

  /** Lower-case hex, 64 characters. */
  public String toHex() {
    return Hex.encode(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId && Arrays.equals(id, ((NodeId) o).id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "NodeId[" + toHex() + "]";
  }
}
