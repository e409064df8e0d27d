package dev.silk.crypto;

import dev.silk.crypto.internal.Hex;
import java.security.SecureRandom;
import java.util.Arrays;

/** A request's unique 16-byte id, chosen by the client at random. Immutable and thread-safe. */
public final class RequestId {
  /** Length in bytes. */
  public static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] id;

  private RequestId(byte[] id) {
    this.id = id;
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

  public byte[] toBytes() {
    return id.clone();
  }

  public String toHex() {
    return Hex.encode(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestId && Arrays.equals(id, ((RequestId) o).id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "RequestId[" + toHex() + "]";
  }
}
