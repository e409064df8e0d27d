package dev.silk.crypto.signature;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.nio.charset.StandardCharsets;

/**
 * Every kind of object a Silk key signs, each with its own context string (domain separation):
 * a signature made for one type never verifies as another. The Ed25519 message is
 * {@code ASCII(context) || 0x00 || body} (spec-v1 §5).
 */
public enum SignedType {
  /** A node's self-signed descriptor. */
  DESCRIPTOR(1, "silk/1 descriptor"),
  /** The receipt inside every sealed answer. */
  RECEIPT(2, "silk/1 receipt"),
  /** A 402 payment quote bound to a request. */
  PAYMENT_QUOTE(3, "silk/1 payment-quote"),
  /** An error raised after the request was decrypted. */
  ERROR(4, "silk/1 error"),
  /** A registry's list of node descriptors. */
  REGISTRY_LIST(5, "silk/1 registry-list"),
  /** A payment channel status, for resynchronisation. */
  CHANNEL_STATUS(6, "silk/1 channel-status"),
  /** A node's announcement of its descriptor and public URL to a registry. */
  NODE_ANNOUNCEMENT(7, "silk/1 node-announcement"),
  /** An operator's endorsement of a node key for one epoch, carried in the descriptor. */
  OPERATOR_ENDORSEMENT(8, "silk/1 operator-endorsement");

  private final int tag;
  private final String context;

  SignedType(int tag, String context) {
    this.tag = tag;
    this.context = context;
  }

  /** The type's tag byte at the start of its signed frame. */
  public int tag() {
    return tag;
  }

  /** The context string prepended to the body before signing. */
  public String context() {
    return context;
  }

  /** The exact bytes that Ed25519 signs for a body of this type. */
  public byte[] signingInput(byte[] body) {
    byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
    byte[] input = new byte[ctx.length + 1 + body.length];
    System.arraycopy(ctx, 0, input, 0, ctx.length);
    System.arraycopy(body, 0, input, ctx.length + 1, body.length);
    return input;
  }

  /**
   * The type with the given tag.
   *
   * @throws SilkCryptoException {@link ErrorCode#UNEXPECTED_TYPE} for an unknown tag
   */
  public static SignedType fromTag(int tag) throws SilkCryptoException {
    for (SignedType type : values()) {
      if (type.tag == tag) {
        return type;
      }
    }
    throw new SilkCryptoException(ErrorCode.UNEXPECTED_TYPE, "unknown signed object tag " + tag);
  }
}
