package dev.silk.crypto.internal;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the spec's deterministic per-chunk nonce,
 * {@code base_nonce XOR u96(index)} (spec-v1 §4.2). Each response key encrypts one response,
 * and each index once, so nonces never repeat under a key.
 */
public final class ChunkCipher {
  private static final int TAG_BITS = 128;
  /** Length of the GCM tag appended to every ciphertext. */
  public static final int TAG_LENGTH = TAG_BITS / 8;

  private final SecretKeySpec key;
  private final byte[] baseNonce;

  public ChunkCipher(ResponseKeys keys) {
    this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
    this.baseNonce = keys.baseNonce();
  }

  public byte[] seal(long index, byte[] plaintext, byte[] aad) {
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, index);
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    }
  }

  public byte[] open(long index, byte[] ciphertext, byte[] aad) throws SilkCryptoException {
    Padding.checkCiphertextLength(ciphertext.length, TAG_LENGTH, "response chunk");
    try {
      Cipher cipher = init(Cipher.DECRYPT_MODE, index);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new SilkCryptoException(ErrorCode.DECRYPTION_FAILED, "response chunk " + index + " does not open");
    }
  }

  private Cipher init(int mode, long index) throws GeneralSecurityException {
    byte[] nonce = baseNonce.clone();
    for (int i = 0; i < 8; i++) {
      nonce[11 - i] ^= (byte) (index >>> (8 * i));
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }
}
