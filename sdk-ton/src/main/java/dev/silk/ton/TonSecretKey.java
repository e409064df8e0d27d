package dev.silk.ton;

import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.signature.Ed25519Engine;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 key that signs TON messages and payment-channel states, held as its 32-byte seed
 * (the form TON mnemonics derive). Signing uses Silk's fastest available Ed25519 engine (Tink,
 * or BouncyCastle when present), whose signatures are byte-identical to TweetNaCl's. Reading the
 * seed requires {@link SecretAccess}; {@link #toString()} never shows it. Immutable and
 * thread-safe.
 */
public final class TonSecretKey {
  private final byte[] seed;
  private final Ed25519Engine.Signer signer;

  private TonSecretKey(byte[] seed) {
    this.seed = seed;
    try {
      this.signer = Ed25519Engine.get().signer(seed);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 seed", e);
    }
  }

  /** A new key from the platform's secure random source. */
  public static TonSecretKey generate() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new TonSecretKey(seed);
  }

  /** @throws IllegalArgumentException unless {@code seed} is 32 bytes */
  public static TonSecretKey fromSeed(byte[] seed, SecretAccess access) {
    Objects.requireNonNull(access, "access");
    if (Objects.requireNonNull(seed, "seed").length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
    }
    return new TonSecretKey(seed.clone());
  }

  /** The 32-byte public key (a copy). */
  public byte[] publicKey() {
    return signer.publicKey();
  }

  /** Signs {@code message} (for TON: a cell's 32-byte hash); returns the 64-byte signature. */
  public byte[] sign(byte[] message) {
    return signer.sign(message);
  }

  /** Whether {@code signature} is {@code publicKey}'s over {@code message}; lengths are checked. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != 32 || signature == null || signature.length != 64) {
      return false;
    }
    return Ed25519Engine.get().verify(publicKey, signature, message);
  }

  /** The seed (a copy): handle it as a secret. */
  public byte[] seed(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return seed.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TonSecretKey && Arrays.equals(((TonSecretKey) o).publicKey(), publicKey());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey());
  }

  @Override
  public String toString() {
    return "TonSecretKey[secret]";
  }
}
