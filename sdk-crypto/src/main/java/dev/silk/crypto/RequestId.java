package dev.silk.crypto;

import dev.silk.crypto.internal.FixedLengthId;
import java.security.SecureRandom;

/** A request's unique 16-byte id, chosen by the client at random. Immutable and thread-safe. */
public final class RequestId extends FixedLengthId {
  /** Length in bytes. */
  public static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestId(byte[] id) {
    super(id);
  }

  public static RequestId random() {
    byte[] id = new byte[LENGTH];
    RANDOM.nextBytes(id);
    return new RequestId(id);
  }

  /** @throws SilkCryptoException {@link ErrorCode#MALFORMED} if not 16 bytes */
  public static RequestId fromBytes(byte[] id) throws SilkCryptoException {
    if (id == null || id.length != LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "request id must be 16 bytes");
    }
    return new RequestId(id.clone());
  }
}
