package dev.silk.crypto.signature;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.Versions;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;

/**
 * The one framing shared by every signed object (spec-v1 §5):
 * {@code u8 tag || u32 body_length || body || signature[64]}.
 */
public final class SignedFrame {
  /** Upper bound on a body; descriptors with TDX evidence and collateral stay far below it. */
  public static final int MAX_BODY = 1 << 20;
  /** Upper bound on a registry list's body (spec-v1 §14): up to 65,535 descriptors. */
  public static final int MAX_REGISTRY_BODY = 64 << 20;

  private final SignedType type;
  private final byte[] body;
  private final byte[] signature;

  private SignedFrame(SignedType type, byte[] body, byte[] signature) {
    this.type = type;
    this.body = body;
    this.signature = signature;
  }

  /** Signs {@code body} as {@code type} and returns the framed bytes. */
  public static byte[] sign(SignedType type, byte[] body, SigningPrivateKey key) {
    return new ByteWriter(body.length + 69)
        .u8(type.tag())
        .bytes(body)
        .fixed(key.sign(type, body))
        .toByteArray();
  }

  /**
   * Splits framed bytes and checks the tag; the signature is checked by {@link #verify}.
   *
   * @throws SilkCryptoException {@link ErrorCode#UNEXPECTED_TYPE} for another type's frame,
   *     {@link ErrorCode#MALFORMED} for a bad length
   */
  public static SignedFrame parse(byte[] framed, SignedType expected) throws SilkCryptoException {
    if (framed == null) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, expected.context() + ": no bytes");
    }
    ByteReader in = new ByteReader(framed, expected.context());
    SignedType type = SignedType.fromTag(in.u8("tag"));
    if (type != expected) {
      throw new SilkCryptoException(
          ErrorCode.UNEXPECTED_TYPE, "expected " + expected.context() + ", got " + type.context());
    }
    byte[] body = in.bytes(expected == SignedType.REGISTRY_LIST ? MAX_REGISTRY_BODY : MAX_BODY, "body");
    byte[] signature = in.fixed(SigningPublicKey.SIGNATURE_LENGTH, "signature");
    in.expectEnd();
    return new SignedFrame(type, body, signature);
  }

  /** Parses a node object's frame; for {@link #signAndParse}. */
  public interface Parser<T> {
    T parse(byte[] framed) throws SilkCryptoException;
  }

  /** Signs {@code body} and parses the result back: what the node sends is what a client reads. */
  public static <T> T signAndParse(SignedType type, byte[] body, SigningPrivateKey key, Parser<T> parser) {
    try {
      return parser.parse(sign(type, body, key));
    } catch (SilkCryptoException e) {
      throw new IllegalStateException("a " + type.context() + " just signed does not parse", e);
    }
  }

  /**
   * Checks a node object's signature under {@code nodeKey} and that the object names that node.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE}
   */
  public static void verifyFromNode(byte[] framed, SignedType type, SigningPublicKey nodeKey, NodeId named)
      throws SilkCryptoException {
    parse(framed, type).verify(nodeKey);
    if (!nodeKey.nodeId().equals(named)) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, type.context() + " signed for another node");
    }
  }

  /** Checks the signature under {@code key}. */
  public void verify(SigningPublicKey key) throws SilkCryptoException {
    key.verify(type, body, signature);
  }

  public byte[] body() {
    return body;
  }

  /** Starts reading the body and checks its leading protocol version. */
  public ByteReader bodyReader() throws SilkCryptoException {
    ByteReader in = new ByteReader(body, type.context());
    Versions.check(in.u16("version"), type.context());
    return in;
  }
}
