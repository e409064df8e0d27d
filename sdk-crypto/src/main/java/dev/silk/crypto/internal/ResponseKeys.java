package dev.silk.crypto.internal;

import com.google.crypto.tink.subtle.Hkdf;
import dev.silk.crypto.RequestId;
import dev.silk.crypto.ResponseKey;
import dev.silk.crypto.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Keys derived from a request's {@link ResponseKey} (spec-v1 §4.1):
 * {@code HKDF-SHA256(ikm = response_key, salt = request_id, info = "silk/1 response", L = 76)}
 * split into the chunk AEAD key (32), the base nonce (12) and the content hash key (32).
 */
public final class ResponseKeys {
  private static final byte[] INFO = "silk/1 response".getBytes(StandardCharsets.US_ASCII);

  private final byte[] encryptionKey;
  private final byte[] baseNonce;
  private final byte[] hashKey;

  private ResponseKeys(byte[] okm) {
    this.encryptionKey = Arrays.copyOfRange(okm, 0, 32);
    this.baseNonce = Arrays.copyOfRange(okm, 32, 44);
    this.hashKey = Arrays.copyOfRange(okm, 44, 76);
  }

  public static ResponseKeys derive(ResponseKey key, RequestId requestId) {
    try {
      return new ResponseKeys(
          Hkdf.computeHkdf("HMACSHA256", key.toBytes(SecretAccess.grant()), requestId.toBytes(), INFO, 76));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 failed", e);
    }
  }

  public byte[] encryptionKey() {
    return encryptionKey;
  }

  public byte[] baseNonce() {
    return baseNonce;
  }

  public byte[] hashKey() {
    return hashKey;
  }
}
