package dev.silk.crypto.ohttp;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.JcaHpke;
import dev.silk.crypto.internal.ObliviousHttpCrypto;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * A client's Oblivious HTTP request (RFC 9458 §4.3): a Binary HTTP request encapsulated to a
 * gateway's key, as a relay forwards it ({@code message/ohttp-req}), and the means to open the
 * gateway's answer. Silk encapsulates with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM. Not thread-safe; one per request.
 *
 * <pre>{@code
 * ObliviousRequest request = ObliviousRequest.encapsulate(gatewayKeys, BinaryHttp.encode(httpRequest));
 * byte[] answer = relay.post("message/ohttp-req", request.encapsulated()); // message/ohttp-res
 * byte[] httpResponse = request.openResponse(answer);
 * }</pre>
 */
public final class ObliviousRequest {
  /** key_id, kem_id, kdf_id, aead_id. */
  static final int HEADER_LENGTH = 7;
  private static final int ENC_LENGTH = 32;
  private static final int TAG_LENGTH = 16;

  private final byte[] encapsulated;
  private final JcaHpke.Context context;
  private boolean opened;

  private ObliviousRequest(byte[] encapsulated, JcaHpke.Context context) {
    this.encapsulated = encapsulated;
    this.context = context;
  }

  /**
   * Encapsulates {@code request} (a Binary HTTP message) to {@code config}'s key with a fresh
   * ephemeral key.
   *
   * @throws IllegalArgumentException if the key is not DHKEM(X25519) with HKDF-SHA256/AES-128-GCM
   */
  public static ObliviousRequest encapsulate(KeyConfig config, byte[] request) {
    byte[] ephemeral = JcaHpke.newPrivateKey();
    try {
      return encapsulate(config, request, ephemeral);
    } finally {
      Arrays.fill(ephemeral, (byte) 0);
    }
  }

  /** The same with the ephemeral private key given (RFC 9458 Appendix A fixes it). */
  static ObliviousRequest encapsulate(KeyConfig config, byte[] request, byte[] ephemeralPrivateKey) {
    KeyConfig.requireSupported(config);
    Objects.requireNonNull(request, "request");
    byte[] header = header(config.keyId());
    try {
      JcaHpke.Context context = JcaHpke.sender(ephemeralPrivateKey, config.publicKey(),
          ObliviousHttpCrypto.requestInfo(header));
      byte[] ct = context.seal(request, new byte[0]);
      byte[] enc = context.enc();
      return new ObliviousRequest(new ByteWriter(header.length + enc.length + ct.length).fixed(header).fixed(enc)
          .fixed(ct).toByteArray(), context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 or AES-GCM unavailable: " + e.getMessage(), e);
    }
  }

  /** The {@code message/ohttp-req} body: header, {@code enc}, ciphertext. */
  public byte[] encapsulated() {
    return encapsulated.clone();
  }

  /**
   * Opens the gateway's {@code message/ohttp-res} answer to this request, once.
   *
   * @throws SilkCryptoException {@code malformed} if it is too short, {@code decryption_failed} if
   *     any byte was changed or it answers another request
   * @throws IllegalStateException on a second call
   */
  public byte[] openResponse(byte[] encapsulatedResponse) throws SilkCryptoException {
    if (opened) {
      throw new IllegalStateException("a response is opened once");
    }
    if (encapsulatedResponse.length < ObliviousHttpCrypto.RESPONSE_NONCE_LENGTH + TAG_LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "OHTTP response of " + encapsulatedResponse.length
          + " bytes is shorter than its nonce and tag");
    }
    byte[] nonce = Arrays.copyOf(encapsulatedResponse, ObliviousHttpCrypto.RESPONSE_NONCE_LENGTH);
    byte[] ct = Arrays.copyOfRange(encapsulatedResponse, nonce.length, encapsulatedResponse.length);
    try {
      byte[] response = ObliviousHttpCrypto.aead(Cipher.DECRYPT_MODE,
          ObliviousHttpCrypto.responseKeys(context, nonce), ct);
      opened = true;
      return response;
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.DECRYPTION_FAILED, "OHTTP response does not open");
    }
  }

  static byte[] header(int keyId) {
    return new ByteWriter(HEADER_LENGTH).u8(keyId).u16(KeyConfig.KEM_X25519_SHA256).u16(KeyConfig.KDF_HKDF_SHA256)
        .u16(KeyConfig.AEAD_AES_128_GCM).toByteArray();
  }

  static int minimumLength() {
    return HEADER_LENGTH + ENC_LENGTH + TAG_LENGTH;
  }
}
