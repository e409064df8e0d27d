package dev.silk.ton.channel;

/** A party of a payment channel: in Silk the client is {@link #A} and the node {@link #B}. */
public enum Side {
  A, B;

  public Side other() {
    return this == A ? B : A;
  }
}
