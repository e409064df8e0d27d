package dev.silk.crypto.signature;

import com.google.crypto.tink.subtle.Random;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.signature.Ed25519Engine;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * An Ed25519 private key that signs Silk objects (a node's descriptors, receipts and errors).
 * It is held as its 32-byte RFC 8032 seed; reading the seed requires {@link SecretAccess}, and
 * {@link #toString()} never shows it. Immutable and thread-safe.
 *
 * <pre>{@code
 * SigningPrivateKey key = SigningPrivateKey.generate();
 * byte[] signature = key.sign(SignedType.RECEIPT, body);
 * }</pre>
 */
public final class SigningPrivateKey {
  /** Length of the seed. */
  public static final int SEED_LENGTH = 32;

  private final byte[] seed;
  private final SigningPublicKey publicKey;
  private final Ed25519Engine.Signer signer;

  private SigningPrivateKey(byte[] seed) throws SilkCryptoException {
    try {
      this.seed = seed;
      this.signer = Ed25519Engine.get().signer(seed);
      this.publicKey = SigningPublicKey.fromBytes(signer.publicKey());
    } catch (GeneralSecurityException e) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "invalid Ed25519 seed", e);
    }
  }

  /** Generates a new key from the platform's secure random source. */
  public static SigningPrivateKey generate() {
    try {
      return new SigningPrivateKey(Random.randBytes(SEED_LENGTH));
    } catch (SilkCryptoException e) {
      throw new IllegalStateException("Ed25519 key generation failed", e);
    }
  }

  /**
   * Restores a key from its 32-byte seed.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED} if the seed is not 32 bytes
   */
  public static SigningPrivateKey fromSeed(byte[] seed, SecretAccess access) throws SilkCryptoException {
    Objects.requireNonNull(access, "access");
    if (seed == null || seed.length != SEED_LENGTH) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "Ed25519 seed must be 32 bytes");
    }
    return new SigningPrivateKey(seed.clone());
  }

  /** The seed (a copy): handle it as a secret. */
  public byte[] seedBytes(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return seed.clone();
  }

  public SigningPublicKey publicKey() {
    return publicKey;
  }

  /** Signs {@code body} under {@code type}'s context string; returns the 64-byte signature. */
  public byte[] sign(SignedType type, byte[] body) {
    return signer.sign(type.signingInput(body));
  }

  @Override
  public String toString() {
    return "SigningPrivateKey[secret, public=" + publicKey + "]";
  }
}
