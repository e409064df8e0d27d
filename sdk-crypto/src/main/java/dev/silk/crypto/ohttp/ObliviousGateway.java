package dev.silk.crypto.ohttp;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.JcaHpke;
import dev.silk.crypto.internal.ObliviousHttpCrypto;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import javax.crypto.Cipher;

/**
 * The gateway side of Oblivious HTTP (RFC 9458 §4.3–4.4): holds one X25519 key under a key id,
 * publishes its {@link KeyConfig}, opens {@code message/ohttp-req} bodies and seals their answers.
 * Thread-safe.
 *
 * <pre>{@code
 * ObliviousGateway gateway = ObliviousGateway.create(1);
 * byte[] keys = gateway.keyConfig().encode();            // served as application/ohttp-keys
 * ObliviousGateway.Request request = gateway.open(body); // a message/ohttp-req
 * byte[] answer = request.sealResponse(binaryHttpResponse);
 * }</pre>
 */
public final class ObliviousGateway {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyConfig config;
  private final byte[] privateKey;

  private ObliviousGateway(int keyId, byte[] privateKey) throws GeneralSecurityException {
    this.privateKey = privateKey.clone();
    this.config = new KeyConfig(keyId, KeyConfig.KEM_X25519_SHA256, JcaHpke.publicKey(privateKey),
        Collections.singletonList(new KeyConfig.Algorithms(KeyConfig.KDF_HKDF_SHA256, KeyConfig.AEAD_AES_128_GCM)));
  }

  /** A gateway with a fresh key under {@code keyId}. */
  public static ObliviousGateway create(int keyId) {
    return of(keyId, JcaHpke.newPrivateKey());
  }

  /** A gateway with the X25519 private key given (32 bytes; kept, say, beside the node's keys). */
  public static ObliviousGateway of(int keyId, byte[] x25519PrivateKey) {
    try {
      return new ObliviousGateway(keyId, x25519PrivateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X25519 private key: " + e.getMessage());
    }
  }

  /** What clients encapsulate to (serve it as {@code application/ohttp-keys}). */
  public KeyConfig keyConfig() {
    return config;
  }

  /**
   * Opens an encapsulated request.
   *
   * @throws SilkCryptoException {@code malformed} if it is too short; {@code unsupported_suite}
   *     for another key id or algorithms; {@code decryption_failed} if any byte was changed
   */
  public Request open(byte[] encapsulatedRequest) throws SilkCryptoException {
    if (encapsulatedRequest.length < ObliviousRequest.minimumLength()) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "OHTTP request of " + encapsulatedRequest.length
          + " bytes is shorter than its header, key and tag");
    }
    byte[] header = Arrays.copyOf(encapsulatedRequest, ObliviousRequest.HEADER_LENGTH);
    if (!Arrays.equals(header, ObliviousRequest.header(config.keyId()))) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_SUITE, "OHTTP request for another key or algorithms");
    }
    int encEnd = ObliviousRequest.HEADER_LENGTH + 32;
    byte[] enc = Arrays.copyOfRange(encapsulatedRequest, ObliviousRequest.HEADER_LENGTH, encEnd);
    try {
      JcaHpke.Context context = JcaHpke.recipient(privateKey, config.publicKey(), enc,
          ObliviousHttpCrypto.requestInfo(header));
      byte[] request = context.open(Arrays.copyOfRange(encapsulatedRequest, encEnd, encapsulatedRequest.length),
          new byte[0]);
      return new Request(request, context);
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.DECRYPTION_FAILED, "OHTTP request does not open");
    }
  }

  /** An opened request and the means to seal its one answer. Not thread-safe. */
  public static final class Request {
    private final byte[] request;
    private final JcaHpke.Context context;
    private boolean answered;

    private Request(byte[] request, JcaHpke.Context context) {
      this.request = request;
      this.context = context;
    }

    /** The Binary HTTP request. */
    public byte[] request() {
      return request.clone();
    }

    /** Seals the Binary HTTP {@code response} as {@code message/ohttp-res}, with a fresh nonce; once. */
    public byte[] sealResponse(byte[] response) {
      byte[] nonce = new byte[ObliviousHttpCrypto.RESPONSE_NONCE_LENGTH];
      RANDOM.nextBytes(nonce);
      return sealResponse(response, nonce);
    }

    /** The same with the response nonce given (RFC 9458 Appendix A fixes it). */
    byte[] sealResponse(byte[] response, byte[] nonce) {
      if (answered) {
        throw new IllegalStateException("a request is answered once");
      }
      answered = true;
      try {
        byte[] ct = ObliviousHttpCrypto.aead(Cipher.ENCRYPT_MODE, ObliviousHttpCrypto.responseKeys(context, nonce),
            response);
        byte[] out = Arrays.copyOf(nonce, nonce.length + ct.length);
        System.arraycopy(ct, 0, out, nonce.length, ct.length);
        return out;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
      }
    }
  }
}
