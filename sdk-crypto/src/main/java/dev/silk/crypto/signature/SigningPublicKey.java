package dev.silk.crypto.signature;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.signature.Ed25519Engine;
import java.util.Arrays;

/**
 * An Ed25519 public key (RFC 8032, 32 bytes) that verifies Silk signatures. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * SigningPublicKey key = SigningPublicKey.fromBytes(descriptor.signingKey().toBytes());
 * key.verify(SignedType.RECEIPT, body, signature);
 * }</pre>
 */
public final class SigningPublicKey {
  /** Length of an encoded key. */
  public static final int LENGTH = 32;
  /** Length of a signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] key;

  private SigningPublicKey(byte[] key) {
    this.key = key;
  }

  /**
   * Decodes a 32-byte Ed25519 public key.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} if the length is wrong
   */
  public static SigningPublicKey fromBytes(byte[] key) throws SilkCryptoException {
    if (key == null || key.length != LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "Ed25519 public key must be 32 bytes");
    }
    return new SigningPublicKey(key.clone());
  }

  /** The encoded key (a copy). */
  public byte[] toBytes() {
    return key.clone();
  }

  /** The node id this key names: SHA-256 of the encoded key. */
  public NodeId nodeId() {
    return NodeId.of(this);
  }

  /**
   * Checks an Ed25519 signature over {@code type}'s context string and {@code body}.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE} if it does not verify
   */
  public void verify(SignedType type, byte[] body, byte[] signature) throws SilkCryptoException {
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, type.context() + ": signature must be 64 bytes");
    }
    if (!Ed25519Engine.get().verify(key, signature, type.signingInput(body))) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, type.context() + ": signature does not verify");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningPublicKey && Arrays.equals(key, ((SigningPublicKey) o).key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "SigningPublicKey[" + Hex.encode(key) + "]";
  }
}
