package com.google.crypto.tink.hybrid.internal;

import com.google.crypto.tink.subtle.X25519;
import java.security.GeneralSecurityException;

/**
 * Test-only access to Tink's HPKE sender with a fixed ephemeral key, which Tink keeps
 * package-private: it lets tests replay RFC 9180 vectors and produce the spec's deterministic
 * envelope vectors. Lives in Tink's package on purpose; never on a production classpath.
 */
public final class FixedEphemeralHpke {
  private FixedEphemeralHpke() {}

  /** A base-mode sender context for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM. */
  public static HpkeContext senderContext(byte[] recipientPublicKey, byte[] ephemeralPrivateKey, byte[] info)
      throws GeneralSecurityException {
    X25519HpkeKem kem = (X25519HpkeKem) HpkePrimitiveFactory.createKem(HpkeUtil.X25519_HKDF_SHA256_KEM_ID);
    HpkeKdf kdf = HpkePrimitiveFactory.createKdf(HpkeUtil.HKDF_SHA256_KDF_ID);
    HpkeAead aead = HpkePrimitiveFactory.createAead(HpkeUtil.AES_128_GCM_AEAD_ID);
    HpkeKemEncapOutput out = kem.encapsulateWithFixedEphemeralKey(
        recipientPublicKey, ephemeralPrivateKey, X25519.publicFromPrivate(ephemeralPrivateKey));
    return HpkeContext.createContext(
        HpkeUtil.BASE_MODE, out.getEncapsulatedKey(), out.getSharedSecret(), kem, kdf, aead, info);
  }

  /** Tink's single-shot encryption ({@code enc || Seal(info, aad = empty)}) with a fixed ephemeral key. */
  public static byte[] singleShot(byte[] recipientPublicKey, byte[] ephemeralPrivateKey, byte[] plaintext, byte[] info)
      throws GeneralSecurityException {
    HpkeContext context = senderContext(recipientPublicKey, ephemeralPrivateKey, info);
    byte[] enc = context.getEncapsulatedKey();
    byte[] ct = context.seal(plaintext, new byte[0]);
    byte[] out = new byte[enc.length + ct.length];
    System.arraycopy(enc, 0, out, 0, enc.length);
    System.arraycopy(ct, 0, out, enc.length, ct.length);
    return out;
  }
}
