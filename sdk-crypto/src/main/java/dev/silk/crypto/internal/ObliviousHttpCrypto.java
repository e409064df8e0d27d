package dev.silk.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of RFC 9458 §4.3–4.4 for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM: the HPKE info of a request, and the keys of its response from the request's
 * context. Stateless.
 */
public final class ObliviousHttpCrypto {
  /** Nk of AES-128-GCM. */
  public static final int KEY_LENGTH = 16;
  /** Nn of AES-128-GCM. */
  public static final int NONCE_LENGTH = 12;
  /** max(Nn, Nk): the length of the response's secret and of its nonce. */
  public static final int RESPONSE_NONCE_LENGTH = Math.max(KEY_LENGTH, NONCE_LENGTH);
  private static final byte[] REQUEST_LABEL = "message/bhttp request".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESPONSE_LABEL = "message/bhttp response".getBytes(StandardCharsets.US_ASCII);

  private ObliviousHttpCrypto() {}

  /** {@code "message/bhttp request" || 0x00 || hdr}. */
  public static byte[] requestInfo(byte[] header) {
    byte[] info = Arrays.copyOf(REQUEST_LABEL, REQUEST_LABEL.length + 1 + header.length);
    System.arraycopy(header, 0, info, REQUEST_LABEL.length + 1, header.length);
    return info;
  }

  /**
   * The response's AEAD key and nonce: {@code secret = Export("message/bhttp response", 16)},
   * {@code prk = Extract(enc || response_nonce, secret)}, then {@code Expand(prk, "key", 16)} and
   * {@code Expand(prk, "nonce", 12)}.
   */
  public static byte[][] responseKeys(JcaHpke.Context context, byte[] responseNonce)
      throws GeneralSecurityException {
    byte[] secret = context.export(RESPONSE_LABEL, RESPONSE_NONCE_LENGTH);
    byte[] enc = context.enc();
    byte[] salt = Arrays.copyOf(enc, enc.length + responseNonce.length);
    System.arraycopy(responseNonce, 0, salt, enc.length, responseNonce.length);
    byte[] prk = Hashes.hmacSha256(salt, secret);
    return new byte[][] {expand(prk, "key", KEY_LENGTH), expand(prk, "nonce", NONCE_LENGTH)};
  }

  /** AES-128-GCM with an empty AAD, in {@code mode}. */
  public static byte[] aead(int mode, byte[][] keyAndNonce, byte[] input) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(keyAndNonce[0], "AES"), new GCMParameterSpec(128, keyAndNonce[1]));
    return cipher.doFinal(input);
  }

  /** HKDF-Expand for one SHA-256 block at most. */
  private static byte[] expand(byte[] prk, String label, int length) {
    return Arrays.copyOf(Hashes.hmacSha256(prk, label.getBytes(StandardCharsets.US_ASCII), new byte[] {1}), length);
  }
}
