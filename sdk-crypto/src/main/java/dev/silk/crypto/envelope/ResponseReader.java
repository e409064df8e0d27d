package dev.silk.crypto.envelope;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.internal.ChunkCipher;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.receipt.ContentDigest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPublicKey;

/**
 * Client side of an answer: opens chunks in order and, at the final chunk, verifies the
 * receipt: its signature by the node, and that it names this node, descriptor, model and
 * request and commits to exactly the request sent and the chunks received. A reader that has
 * rejected a chunk rejects everything after it. Not thread-safe: one reader per answer.
 *
 * <pre>{@code
 * ResponseReader reader = sealed.responseReader(descriptor.signingKey());
 * for (byte[] event : events) {
 *   out.write(reader.read(event).data());
 * }
 * SignedReceipt receipt = reader.receipt();   // throws STREAM_TRUNCATED if the end never came
 * }</pre>
 */
public final class ResponseReader {
  private final SealedRequest request;
  private final SigningPublicKey nodeKey;
  private final ChunkCipher cipher;
  private final ContentDigest digest;
  private long nextIndex;
  private SignedReceipt receipt;
  private NodeError nodeError;
  private PaymentQuote quote;
  private SilkCryptoException failure;

  ResponseReader(SealedRequest request, SigningPublicKey nodeKey, ResponseKeys keys) {
    this.request = request;
    this.nodeKey = nodeKey;
    this.cipher = new ChunkCipher(keys);
    this.digest = ContentDigest.of(keys);
  }

  /**
   * Opens the next chunk; for the final chunk, also verifies the receipt.
   *
   * @throws SilkCryptoException {@link ErrorCode#DECRYPTION_FAILED}, {@link ErrorCode#MALFORMED},
   *     {@link ErrorCode#STREAM_OUT_OF_ORDER}, {@link ErrorCode#BAD_SIGNATURE},
   *     {@link ErrorCode#RECEIPT_MISMATCH} and the other parsing codes
   */
  public ResponseChunk read(byte[] chunk) throws SilkCryptoException {
    if (failure != null) {
      throw failure;
    }
    try {
      if (isComplete()) {
        throw new SilkCryptoException(ErrorCode.STREAM_OUT_OF_ORDER, "chunk after the final chunk");
      }
      ResponseChunk.Opened opened = ResponseChunk.open(cipher, request.requestId(), nextIndex, chunk);
      digest.addChunk(nextIndex, opened.chunk.last(), opened.chunk.data);
      nextIndex++;
      if (opened.chunk.last()) {
        if (opened.trailer[0] == SignedType.ERROR.tag()) {
          nodeError = verifiedError(opened.trailer);
        } else if (opened.trailer[0] == SignedType.PAYMENT_QUOTE.tag()) {
          quote = verifiedQuote(opened.trailer);
        } else {
          receipt = verifiedReceipt(opened.trailer);
        }
      }
      return opened.chunk;
    } catch (SilkCryptoException e) {
      failure = e;
      throw e;
    }
  }

  /** Whether the final chunk has been read and its receipt, signed error or quote verified. */
  public boolean isComplete() {
    return receipt != null || nodeError != null || quote != null;
  }

  /** The node's verified payment quote if the answer ended with one (HTTP 402), else null. */
  public PaymentQuote paymentQuote() {
    return quote;
  }

  /** The node's verified signed error if the answer ended with one, else null. */
  public NodeError nodeError() {
    return nodeError;
  }

  /**
   * The verified receipt.
   *
   * @throws SilkCryptoException {@link ErrorCode#STREAM_TRUNCATED} if the final chunk has not
   *     been read, the code of the node's signed error if it refused the request, or the error
   *     that stopped the reader
   */
  public SignedReceipt receipt() throws SilkCryptoException {
    if (failure != null) {
      throw failure;
    }
    if (nodeError != null) {
      throw new SilkCryptoException(nodeError.code(), "the node refused the request: " + nodeError.message());
    }
    if (quote != null) {
      throw new SilkCryptoException(ErrorCode.PAYMENT_REQUIRED, "the node asks for payment: " + quote);
    }
    if (receipt == null) {
      throw new SilkCryptoException(
          ErrorCode.STREAM_TRUNCATED, "answer ended after " + nextIndex + " chunks without its final chunk");
    }
    return receipt;
  }

  private NodeError verifiedError(byte[] trailer) throws SilkCryptoException {
    NodeError error = NodeError.parse(trailer).verify(nodeKey);
    if (!error.concerns(request.requestId())) {
      throw new SilkCryptoException(ErrorCode.RECEIPT_MISMATCH, "signed error concerns another request");
    }
    return error;
  }

  private PaymentQuote verifiedQuote(byte[] trailer) throws SilkCryptoException {
    PaymentQuote q = PaymentQuote.parse(trailer).verify(nodeKey);
    if (!q.concerns(request.requestId())) {
      throw new SilkCryptoException(ErrorCode.RECEIPT_MISMATCH, "payment quote concerns another request");
    }
    return q;
  }

  private SignedReceipt verifiedReceipt(byte[] trailer) throws SilkCryptoException {
    SignedReceipt signed = SignedReceipt.parse(trailer);
    signed.verify(nodeKey);
    Receipt r = signed.receipt();
    Recipient recipient = request.recipient();
    boolean matches = r.nodeId().equals(recipient.nodeId())
        & Hashes.constantTimeEquals(r.descriptorHash(), recipient.descriptorHash())
        & r.model().equals(request.model())
        & r.requestId().equals(request.requestId())
        & Hashes.constantTimeEquals(r.requestHash(), request.requestHash())
        & Hashes.constantTimeEquals(r.responseHash(), digest.responseHash());
    if (!matches) {
      throw new SilkCryptoException(
          ErrorCode.RECEIPT_MISMATCH, "receipt does not cover this request and answer");
    }
    return signed;
  }
}
