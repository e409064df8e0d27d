package dev.silk.crypto.receipt;

import dev.silk.crypto.RequestId;
import dev.silk.crypto.ResponseKey;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.internal.ResponseKeys;
import java.nio.charset.StandardCharsets;

/**
 * The content hashes a receipt commits to, keyed by the request's response key so that a
 * receipt reveals nothing about content to anyone without that key (spec-v1 §6.2):
 *
 * <ul>
 *   <li>{@code request_hash = HMAC-SHA256(hash_key, "request" || sealed_plaintext)}
 *   <li>{@code h_i = HMAC-SHA256(hash_key, "chunk" || h_(i-1) || u32 i || u8 flags || data_i)},
 *       {@code h_(-1)} = 32 zero bytes; {@code response_hash} = the last {@code h_i}.
 * </ul>
 *
 * An auditor given the response key recomputes them with this class. Not thread-safe.
 */
public final class ContentDigest {
  private static final byte[] REQUEST = "request".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNK = "chunk".getBytes(StandardCharsets.US_ASCII);

  private final byte[] hashKey;
  private byte[] chain = new byte[32];
  private long chunks;

  private ContentDigest(byte[] hashKey) {
    this.hashKey = hashKey;
  }

  /** A digest for the request identified by {@code requestId} and answered under {@code key}. */
  public static ContentDigest of(ResponseKey key, RequestId requestId) {
    return of(ResponseKeys.derive(key, requestId));
  }

  /** Internal: reuses keys already derived for the response. */
  public static ContentDigest of(ResponseKeys keys) {
    return new ContentDigest(keys.hashKey());
  }

  /** The keyed hash of the sealed request plaintext (padded payload bytes). */
  public byte[] requestHash(byte[] sealedPlaintext) {
    return Hashes.hmacSha256(hashKey, REQUEST, sealedPlaintext);
  }

  /** Extends the chain with chunk {@code index}'s data; chunks must be added in order from 0. */
  public void addChunk(long index, boolean last, byte[] data) {
    if (index != chunks) {
      throw new IllegalStateException("chunk " + index + " added out of order, expected " + chunks);
    }
    byte[] header = new ByteWriter(5).u32(index).u8(last ? 1 : 0).toByteArray();
    chain = Hashes.hmacSha256(hashKey, CHUNK, chain, header, data);
    chunks++;
  }

  /** An independent digest in this one's state (to go back to it if the next chunk is not sent). */
  public ContentDigest copy() {
    ContentDigest copy = new ContentDigest(hashKey);
    copy.chain = chain.clone();
    copy.chunks = chunks;
    return copy;
  }

  /** The chain value after the chunks added so far. */
  public byte[] responseHash() {
    return chain.clone();
  }
}
