package dev.silk.ton.center;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One TVM stack entry of a get-method result: a number, a cell or slice (as a BOC), or a tuple
 * or list of entries. Immutable and thread-safe.
 */
public final class StackEntry {
  /** What the entry holds. */
  public enum Kind {
    NUMBER, CELL, SLICE, TUPLE, LIST, NULL
  }

  private static final StackEntry NULL_ENTRY = new StackEntry(Kind.NULL, null, null, null);

  private final Kind kind;
  private final BigInteger number;
  private final byte[] boc;
  private final List<StackEntry> elements;

  private StackEntry(Kind kind, BigInteger number, byte[] boc, List<StackEntry> elements) {
    this.kind = kind;
    this.number = number;
    this.boc = boc;
    this.elements = elements;
  }

  /** TVM's null (an absent cell, for example). */
  public static StackEntry nullEntry() {
    return NULL_ENTRY;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  public static StackEntry number(BigInteger value) {
    return new StackEntry(Kind.NUMBER, Objects.requireNonNull(value, "value"), null, null);
  }

  /** A cell or a slice, given as its bag-of-cells bytes. */
  public static StackEntry cell(Kind kind, byte[] boc) {
    if (kind != Kind.CELL && kind != Kind.SLICE) {
      throw new IllegalArgumentException("a BOC entry is a CELL or a SLICE");
    }
    return new StackEntry(kind, null, Objects.requireNonNull(boc, "boc").clone(), null);
  }

  public static StackEntry tuple(Kind kind, List<StackEntry> elements) {
    if (kind != Kind.TUPLE && kind != Kind.LIST) {
      throw new IllegalArgumentException("a compound entry is a TUPLE or a LIST");
    }
    return new StackEntry(kind, null, null, Collections.unmodifiableList(new ArrayList<>(elements)));
  }

  public Kind kind() {
    return kind;
  }

  /** @throws IllegalStateException unless this is a number */
  public BigInteger asNumber() {
    if (kind != Kind.NUMBER) {
      throw new IllegalStateException("stack entry is a " + kind + ", not a NUMBER");
    }
    return number;
  }

  /** @throws IllegalStateException unless this is a cell or slice */
  public byte[] asBoc() {
    if (boc == null) {
      throw new IllegalStateException("stack entry is a " + kind + ", not a CELL or SLICE");
    }
    return boc.clone();
  }

  /** @throws IllegalStateException unless this is a tuple or list */
  public List<StackEntry> asElements() {
    if (elements == null) {
      throw new IllegalStateException("stack entry is a " + kind + ", not a TUPLE or LIST");
    }
    return elements;
  }

  @Override
  public String toString() {
    switch (kind) {
      case NUMBER:
        return number.toString();
      case NULL:
        return "null";
      case TUPLE:
      case LIST:
        return kind + elements.toString();
      default:
        return kind + "[" + boc.length + " bytes]";
    }
  }
}
