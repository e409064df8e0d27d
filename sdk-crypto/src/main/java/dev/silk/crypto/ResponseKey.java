package dev.silk.crypto;

import dev.silk.crypto.internal.Hashes;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The fresh 32-byte secret a client puts inside each sealed request. The node encrypts the
 * answer (every stream chunk) under keys derived from it, and the receipt's content hashes are
 * keyed by it; disclosing it to an auditor lets them check a receipt against the content.
 * Never printed. Immutable and thread-safe.
 */
public final class ResponseKey {
  /** Length in bytes. */
  public static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private ResponseKey(byte[] key) {
    this.key = key;
  }

  public static ResponseKey generate() {
    byte[] key = new byte[LENGTH];
    RANDOM.nextBytes(key);
    return new ResponseKey(key);
  }

  /** @throws SilkCryptoException {@link ErrorCode#MALFORMED} if not 32 bytes */
  public static ResponseKey fromBytes(byte[] key, SecretAccess access) throws SilkCryptoException {
    Objects.requireNonNull(access, "access");
    if (key == null || key.length != LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "response key must be 32 bytes");
    }
    return new ResponseKey(key.clone());
  }

  public byte[] toBytes(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return key.clone();
  }

  /** Constant-time equality. */
  public boolean equalsKey(ResponseKey other) {
    return other != null && Hashes.constantTimeEquals(key, other.key);
  }

  @Override
  public String toString() {
    return "ResponseKey[secret]";
  }
}
