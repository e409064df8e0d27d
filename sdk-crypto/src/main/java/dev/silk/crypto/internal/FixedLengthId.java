package dev.silk.crypto.internal;

import dev.silk.crypto.encoding.Hex;
import java.util.Arrays;

/**
 * Shared body of Silk's fixed-length public identifiers (request ids, node ids): immutable
 * bytes, lower-case hex, value equality within one identifier type. Not for secrets: its
 * {@link #toString()} shows the bytes.
 */
public abstract class FixedLengthId {
  private final byte[] id;

  /** Takes ownership of {@code id}; subclasses check its length first. */
  protected FixedLengthId(byte[] id) {
    this.id = id;
  }

  /** The identifier's bytes (a copy). */
  public final byte[] toBytes() {
    return id.clone();
  }

  /** Lower-case hex of the bytes. */
  public final String toHex() {
    return Hex.encode(id);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(id, ((FixedLengthId) o).id);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + toHex() + "]";
  }
}
