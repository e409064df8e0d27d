package dev.silk.crypto.signature;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** BouncyCastle's RFC 8032 Ed25519, used by {@link Ed25519Engine} when it is on the classpath. */
final class BouncyCastleEd25519 extends Ed25519Engine {
  private BouncyCastleEd25519() {}

  /** @throws LinkageError if BouncyCastle is not on the classpath */
  static Ed25519Engine create() {
    Ed25519.precompute();
    return new BouncyCastleEd25519();
  }

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public Signer signer(byte[] seed) {
    byte[] secret = seed.clone();
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(secret, 0, publicKey, 0);
    return new Signer(publicKey, message -> {
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(secret, 0, publicKey, 0, message, 0, message.length, signature, 0);
      return signature;
    });
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] signature, byte[] message) {
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
