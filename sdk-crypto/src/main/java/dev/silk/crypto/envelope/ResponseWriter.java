package dev.silk.crypto.envelope;

import dev.silk.crypto.error.NodeError;
import dev.silk.crypto.payment.PaymentQuote;
import dev.silk.crypto.internal.ChunkCipher;
import dev.silk.crypto.receipt.ContentDigest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.util.Objects;

/**
 * Node side of an answer: encrypts it under the request's response key, chunk by chunk, and
 * puts the signed receipt into the final chunk. The writer fills in every field that binds the
 * receipt to this request (node, descriptor, model, request id, content hashes); the node
 * supplies usage, cost, payment state and time. Not thread-safe: one writer per answer.
 *
 * <pre>{@code
 * ResponseWriter writer = opened.responseWriter(nodeKey);
 * send(writer.chunk(firstTokens));
 * send(writer.finish(lastTokens, Receipt.builder().usage(12, 40).costNanoton(0).issuedAt(now)));
 * }</pre>
 */
public final class ResponseWriter {
  private final OpenedRequest request;
  private final SigningPrivateKey nodeKey;
  private final ChunkCipher cipher;
  private ContentDigest digest;
  /** The digest before the final chunk of {@link #finish}, until that chunk is known to be sent. */
  private ContentDigest beforeFinal;
  private long nextIndex;
  private SignedReceipt receipt;
  private boolean failed;
  private final boolean lengthBuckets;

  ResponseWriter(OpenedRequest request, SigningPrivateKey nodeKey) {
    this.request = request;
    this.nodeKey = nodeKey;
    this.cipher = new ChunkCipher(request.keys());
    this.digest = ContentDigest.of(request.keys());
    // The client asked for length hiding (spec §4.3): every chunk goes to a length bucket.
    this.lengthBuckets = request.payload().lengthBuckets();
  }

  /** Encrypts a non-final chunk. */
  public byte[] chunk(byte[] data) {
    return seal(data, false, new byte[0]);
  }

  /**
   * Encrypts the final chunk with the signed receipt. {@code terms} carries usage, cost,
   * payment state and issue time; the fields binding it to this request are overwritten.
   */
  public byte[] finish(byte[] data, Receipt.Builder terms) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(terms, "terms");
    checkOpen();
    beforeFinal = digest.copy();
    digest.addChunk(nextIndex, true, data);
    receipt = SignedReceipt.sign(
        terms.nodeId(request.nodeId())
            .descriptorHash(request.descriptorHash())
            .model(request.payload().model())
            .requestId(request.payload().requestId())
            .requestHash(request.requestHash())
            .responseHash(digest.responseHash())
            .build(),
        nodeKey);
    return sealChunk(true, data, receipt.toBytes());
  }

  /**
   * Ends the answer with a signed error instead of a receipt (spec-v1 §6.2): for failures after
   * the request was decrypted. Nothing is charged.
   *
   * @throws IllegalArgumentException if the error concerns another request
   */
  public byte[] fail(NodeError error) {
    Objects.requireNonNull(error, "error");
    checkOpen();
    if (!error.concerns(request.payload().requestId())) {
      throw new IllegalArgumentException("the error concerns another request");
    }
    failed = true;
    digest.addChunk(nextIndex, true, new byte[0]);
    return sealChunk(true, new byte[0], error.toBytes());
  }

  /**
   * Replaces the final chunk that {@link #finish} made, which was not sent, with a signed error:
   * for a node that could not record the receipt's charge. Nothing is charged, or the error says
   * the charge's outcome is unknown.
   *
   * @throws IllegalStateException if {@link #finish} made no final chunk, or the answer failed
   */
  public byte[] retract(NodeError error) {
    if (receipt == null || failed) {
      throw new IllegalStateException("no final chunk to retract");
    }
    digest = beforeFinal;
    nextIndex--;
    receipt = null;
    return fail(error);
  }

  /**
   * Ends the answer with a signed payment quote instead of a receipt (spec-v1 §13.3): the
   * request's payment was missing or short. Nothing is charged.
   *
   * @throws IllegalArgumentException if the quote concerns another request
   */
  public byte[] quote(PaymentQuote quote) {
    Objects.requireNonNull(quote, "quote");
    checkOpen();
    if (!quote.concerns(request.payload().requestId())) {
      throw new IllegalArgumentException("the quote concerns another request");
    }
    failed = true;
    digest.addChunk(nextIndex, true, new byte[0]);
    return sealChunk(true, new byte[0], quote.toBytes());
  }

  /** The receipt put into the final chunk, or null before {@link #finish}. */
  public SignedReceipt receipt() {
    return receipt;
  }

  private byte[] seal(byte[] data, boolean last, byte[] trailer) {
    Objects.requireNonNull(data, "data");
    checkOpen();
    digest.addChunk(nextIndex, last, data);
    return sealChunk(last, data, trailer);
  }

  private byte[] sealChunk(boolean last, byte[] data, byte[] trailer) {
    return ResponseChunk.seal(cipher, lengthBuckets, request.payload().requestId(), nextIndex++, last, data, trailer);
  }

  private void checkOpen() {
    if (receipt != null || failed) {
      throw new IllegalStateException("the answer is already finished");
    }
  }
}
