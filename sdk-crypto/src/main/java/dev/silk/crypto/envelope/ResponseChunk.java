package dev.silk.crypto.envelope;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.ChunkCipher;
import dev.silk.crypto.internal.Padding;
import dev.silk.crypto.internal.Versions;
import java.util.Arrays;

/**
 * One decrypted piece of an answer. A whole (non-streamed) answer is a single chunk with
 * {@link #last()} set; a stream is chunks 0, 1, … of which only the last carries the receipt.
 * Immutable and thread-safe.
 *
 * <p>Wire form (spec-v1 §4.3): {@code u16 version || u32 index || u8 flags || AES-256-GCM
 * ciphertext}, with AAD {@code request_id || the 7 header bytes}; the plaintext is
 * {@code u32 len || data || u32 len || trailer || zero padding} to a multiple of 256 bytes.
 */
public final class ResponseChunk {
  /** Largest data in one chunk. */
  public static final int MAX_DATA = 4 << 20;
  static final int HEADER_LENGTH = 7;
  private static final int FLAG_LAST = 1;

  private final long index;
  private final boolean last;
  final byte[] data;

  ResponseChunk(long index, boolean last, byte[] data) {
    this.index = index;
    this.last = last;
    this.data = data;
  }

  /** Position in the answer, from 0. */
  public long index() {
    return index;
  }

  /** Whether this is the final chunk (whose receipt has been verified). */
  public boolean last() {
    return last;
  }

  /** The answer's bytes in this chunk (a copy): handle them as private user content. */
  public byte[] data() {
    return data.clone();
  }

  @Override
  public String toString() {
    return "ResponseChunk[index=" + index + ", last=" + last + ", " + data.length + " bytes]";
  }

  static byte[] seal(ChunkCipher cipher, boolean lengthBuckets, RequestId requestId, long index, boolean last,
      byte[] data, byte[] trailer) {
    if (data.length > MAX_DATA) {
      throw new IllegalArgumentException("chunk data larger than " + MAX_DATA + " bytes");
    }
    byte[] header = new ByteWriter(HEADER_LENGTH).u16(ProtocolVersion.V1).u32(index).u8(last ? FLAG_LAST : 0)
        .toByteArray();
    byte[] encoded = new ByteWriter(data.length + trailer.length + 8).bytes(data).bytes(trailer).toByteArray();
    byte[] plaintext = lengthBuckets ? Padding.padToBucket(encoded) : Padding.pad(encoded);
    byte[] ciphertext = cipher.seal(index, plaintext, aad(requestId, header));
    return new ByteWriter(HEADER_LENGTH + ciphertext.length).fixed(header).fixed(ciphertext).toByteArray();
  }

  /** A decrypted chunk with its trailer, before the reader checks the trailer. */
  static final class Opened {
    final ResponseChunk chunk;
    final byte[] trailer;

    Opened(ResponseChunk chunk, byte[] trailer) {
      this.chunk = chunk;
      this.trailer = trailer;
    }
  }

  static Opened open(ChunkCipher cipher, RequestId requestId, long expectedIndex, byte[] bytes)
      throws SilkCryptoException {
    if (bytes == null) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "response chunk: no bytes");
    }
    ByteReader in = new ByteReader(bytes, "response chunk");
    Versions.check(in.u16("version"), "response chunk");
    long index = in.u32("index");
    int flags = in.u8("flags");
    if ((flags & ~FLAG_LAST) != 0) {
      throw in.malformed("unknown flags");
    }
    if (index != expectedIndex) {
      throw new SilkCryptoException(
          ErrorCode.STREAM_OUT_OF_ORDER, "chunk " + index + " where " + expectedIndex + " was expected");
    }
    byte[] ciphertext = in.rest();
    byte[] header = Arrays.copyOf(bytes, HEADER_LENGTH);
    byte[] plaintext = cipher.open(index, ciphertext, aad(requestId, header));
    ByteReader body = new ByteReader(plaintext, "response chunk");
    byte[] data = body.bytes(MAX_DATA, "data");
    byte[] trailer = body.bytes(MAX_DATA, "trailer");
    Padding.check(plaintext, body.position(), "response chunk");
    boolean last = (flags & FLAG_LAST) != 0;
    if (last == (trailer.length == 0)) {
      throw body.malformed(last ? "final chunk without a trailer" : "trailer before the final chunk");
    }
    return new Opened(new ResponseChunk(index, last, data), trailer);
  }

  private static byte[] aad(RequestId requestId, byte[] header) {
    return new ByteWriter(RequestId.LENGTH + HEADER_LENGTH).fixed(requestId.toBytes()).fixed(header).toByteArray();
  }
}
