package dev.silk.crypto.receipt;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@link Receipt} with the node's Ed25519 signature under the context string
 * {@code "silk/1 receipt"}, in the exact bytes that were signed. Verifiable offline from the
 * node's descriptor; {@link #toExportString()} gives a text form to hand to an auditor.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * SignedReceipt receipt = SignedReceipt.parse(bytes);
 * receipt.verify(descriptor.signingKey());          // throws SilkCryptoException
 * long cost = receipt.receipt().costNanoton();
 * }</pre>
 */
public final class SignedReceipt {
  private static final String EXPORT_PREFIX = "silk-receipt-v1.";

  private final byte[] bytes;
  private final SignedFrame frame;
  private final Receipt receipt;

  private SignedReceipt(byte[] bytes, SignedFrame frame, Receipt receipt) {
    this.bytes = bytes;
    this.frame = frame;
    this.receipt = receipt;
  }

  /** Signs {@code receipt} with the node's key. */
  public static SignedReceipt sign(Receipt receipt, SigningPrivateKey key) {
    Objects.requireNonNull(receipt, "receipt");
    byte[] bytes = SignedFrame.sign(SignedType.RECEIPT, receipt.encode(), key);
    try {
      return parse(bytes);
    } catch (SilkCryptoException e) {
      throw new IllegalStateException("a receipt just signed does not parse", e);
    }
  }

  /**
   * Parses signed receipt bytes. The signature is not checked yet: call {@link #verify}.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION}
   *     or {@link ErrorCode#UNEXPECTED_TYPE}
   */
  public static SignedReceipt parse(byte[] bytes) throws SilkCryptoException {
    SignedFrame frame = SignedFrame.parse(bytes, SignedType.RECEIPT);
    return new SignedReceipt(bytes.clone(), frame, Receipt.decode(frame.bodyReader()));
  }

  /**
   * Checks the signature under {@code nodeKey} and that the key is the receipt's node.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE} if the signature does not verify,
   *     {@link ErrorCode#RECEIPT_MISMATCH} if the key belongs to another node
   */
  public void verify(SigningPublicKey nodeKey) throws SilkCryptoException {
    frame.verify(nodeKey);
    if (!nodeKey.nodeId().equals(receipt.nodeId())) {
      throw new SilkCryptoException(ErrorCode.RECEIPT_MISMATCH, "receipt names another node");
    }
  }

  public Receipt receipt() {
    return receipt;
  }

  /** The exact signed bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Text form: {@code "silk-receipt-v1." + base64url(bytes)} without padding. */
  public String toExportString() {
    return EXPORT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Parses the text form of {@link #toExportString()}; the signature is not checked yet.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} for another prefix or bad base64
   */
  public static SignedReceipt fromExportString(String text) throws SilkCryptoException {
    if (text == null || !text.startsWith(EXPORT_PREFIX)) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "not a silk-receipt-v1 export");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text.substring(EXPORT_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "receipt export is not base64url");
    }
    return parse(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedReceipt && Arrays.equals(bytes, ((SignedReceipt) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Signed" + receipt;
  }
}
