package dev.silk.crypto.signature;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import java.security.GeneralSecurityException;
import java.util.logging.Logger;

/**
 * The Ed25519 implementation behind Silk's signing keys. Tink's by default; BouncyCastle's
 * {@code rfc8032} code when the app has {@code org.bouncycastle:bcprov-jdk18on} on its
 * classpath (about 2× faster to verify and far less garbage; identical signatures, since Ed25519
 * is deterministic). Set {@code silk.crypto.bouncycastle=false} to keep Tink's. Thread-safe.
 */
public abstract class Ed25519Engine {
  private static final Logger LOG = Logger.getLogger(Ed25519Engine.class.getName());
  private static final Ed25519Engine SELECTED = select();

  /** Signs with one key. Immutable and thread-safe. */
  public static final class Signer {
    /** The engine's signing operation for one key. */
    interface Operation {
      byte[] sign(byte[] message) throws GeneralSecurityException;
    }

    private final byte[] publicKey;
    private final Operation operation;

    Signer(byte[] publicKey, Operation operation) {
      this.publicKey = publicKey;
      this.operation = operation;
    }

    public byte[] publicKey() {
      return publicKey.clone();
    }

    public byte[] sign(byte[] message) {
      try {
        return operation.sign(message);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Ed25519 signing failed", e);
      }
    }
  }

  /** The engine in use. */
  public static Ed25519Engine get() {
    return SELECTED;
  }

  /** Tink's Ed25519 (always available). */
  public static Ed25519Engine tink() {
    return Tink.INSTANCE;
  }

  public abstract String name();

  /** A signer for the RFC 8032 seed. */
  public abstract Signer signer(byte[] seed) throws GeneralSecurityException;

  /** Whether {@code signature} is valid for {@code message} under {@code publicKey} (32 bytes each side checked by the caller). */
  public abstract boolean verify(byte[] publicKey, byte[] signature, byte[] message);

  private static Ed25519Engine select() {
    if ("false".equalsIgnoreCase(System.getProperty("silk.crypto.bouncycastle"))) {
      return Tink.INSTANCE;
    }
    try {
      Ed25519Engine bc = BouncyCastleEd25519.create();
      LOG.fine("Silk crypto: using BouncyCastle's Ed25519");
      return bc;
    } catch (LinkageError absent) {
      // BouncyCastle is optional: without it Tink's Ed25519 is used.
      return Tink.INSTANCE;
    }
  }

  private static final class Tink extends Ed25519Engine {
    static final Tink INSTANCE = new Tink();

    @Override
    public String name() {
      return "tink";
    }

    @Override
    public Signer signer(byte[] seed) throws GeneralSecurityException {
      Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
      Ed25519Sign sign = new Ed25519Sign(pair.getPrivateKey());
      return new Signer(pair.getPublicKey(), sign::sign);
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] signature, byte[] message) {
      try {
        new Ed25519Verify(publicKey).verify(signature, message);
        return true;
      } catch (GeneralSecurityException | RuntimeException e) {
        return false;
      }
    }
  }
}
