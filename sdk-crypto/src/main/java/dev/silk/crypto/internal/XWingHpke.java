package dev.silk.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HPKE (RFC 9180, base mode) with the X-Wing KEM (id 0x647a, draft-ietf-hpke-pq), HKDF-SHA256
 * and AES-128-GCM: Silk's post-quantum suite. X-Wing's 32-byte secret is the KEM's shared
 * secret as it is (the KEM binds its ciphertext and the recipient's key itself), and the key
 * schedule is {@link JcaHpke}'s. Stateless and thread-safe.
 */
public final class XWingHpke {
  public static final int KEM_ID = 0x647a;
  private static final int TAG_LENGTH = 16;

  private XWingHpke() {}

  /** Single-shot seal to {@code publicKey} with fresh randomness: {@code enc || ciphertext}. */
  public static byte[] seal(byte[] publicKey, byte[] plaintext, byte[] info) throws GeneralSecurityException {
    byte[][] secretAndEnc = XWing.encapsulate(publicKey);
    return sealWith(secretAndEnc, plaintext, info);
  }

  /** The same with the 64 bytes of encapsulation randomness given (vectors fix them). */
  public static byte[] seal(byte[] randomness, byte[] publicKey, byte[] plaintext, byte[] info)
      throws GeneralSecurityException {
    return sealWith(XWing.encapsulate(publicKey, randomness), plaintext, info);
  }

  /**
   * Single-shot open of {@code enc || ciphertext} with the private key {@code seed}.
   *
   * @throws GeneralSecurityException if it does not open (wrong key, info, or any byte changed)
   */
  public static byte[] open(byte[] seed, byte[] encAndCiphertext, byte[] info) throws GeneralSecurityException {
    return open(XWing.expand(seed), encAndCiphertext, info);
  }

  /** The same with the key expanded once (what a node holds). */
  public static byte[] open(XWing.PrivateKey key, byte[] encAndCiphertext, byte[] info)
      throws GeneralSecurityException {
    if (encAndCiphertext.length < XWing.ENC_LENGTH + TAG_LENGTH) {
      throw new GeneralSecurityException("HPKE ciphertext too short");
    }
    byte[] enc = Arrays.copyOf(encAndCiphertext, XWing.ENC_LENGTH);
    return JcaHpke.keySchedule(KEM_ID, JcaHpke.Aead.AES_128_GCM, XWing.decapsulate(key, enc), info)
        .open(encAndCiphertext, XWing.ENC_LENGTH, new byte[0], 0);
  }

  /** A sender's context from the given randomness (published vectors fix it and the AEAD). */
  static JcaHpke.Context sender(byte[] randomness, byte[] publicKey, byte[] info, JcaHpke.Aead aead)
      throws GeneralSecurityException {
    byte[][] secretAndEnc = XWing.encapsulate(publicKey, randomness);
    return JcaHpke.keySchedule(KEM_ID, aead, secretAndEnc[0], info).withEnc(secretAndEnc[1]);
  }

  /** A recipient's context for {@code enc}. */
  static JcaHpke.Context recipient(byte[] seed, byte[] enc, byte[] info, JcaHpke.Aead aead)
      throws GeneralSecurityException {
    return JcaHpke.keySchedule(KEM_ID, aead, XWing.decapsulate(seed, enc), info).withEnc(enc);
  }

  private static byte[] sealWith(byte[][] secretAndEnc, byte[] plaintext, byte[] info)
      throws GeneralSecurityException {
    byte[] enc = secretAndEnc[1];
    byte[] ciphertext = JcaHpke.keySchedule(KEM_ID, JcaHpke.Aead.AES_128_GCM, secretAndEnc[0], info)
        .seal(plaintext, new byte[0]);
    byte[] out = Arrays.copyOf(enc, enc.length + ciphertext.length);
    System.arraycopy(ciphertext, 0, out, enc.length, ciphertext.length);
    return out;
  }
}
