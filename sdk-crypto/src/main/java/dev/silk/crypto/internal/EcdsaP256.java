package dev.silk.crypto.internal;

import dev.silk.crypto.CryptoProviders;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * ECDSA P-256 / SHA-256 verification, as Intel's attestation PKI signs everything with it:
 * natively through Conscrypt when the app has it, else BouncyCastle's pure-Java curve code when
 * it is on the classpath (about 3× the JDK's speed here), else the platform's JCA. Signatures
 * are Intel's raw {@code r || s} form (64 bytes). Stateless and thread-safe.
 */
public abstract class EcdsaP256 {
  private static final Logger LOG = Logger.getLogger(EcdsaP256.class.getName());
  private static final EcdsaP256 SELECTED = select();

  /** The engine in use. */
  public static EcdsaP256 get() {
    return SELECTED;
  }

  /** The platform's JCA (SunEC on a JDK), always available. */
  public static EcdsaP256 jca() {
    return new Jca(null);
  }

  /** @throws LinkageError if BouncyCastle is not on the classpath */
  public static EcdsaP256 bouncyCastle() {
    return BouncyCastleEcdsa.create();
  }

  public abstract String name();

  /** Whether {@code rawSignature} (64 bytes, r || s) signs {@code message} under the P-256 {@code key}. */
  public final boolean verify(PublicKey key, byte[] message, byte[] rawSignature) {
    if (!(key instanceof ECPublicKey) || rawSignature.length != 64
        || ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
      return false;
    }
    try {
      return verifyP256((ECPublicKey) key, message, rawSignature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  abstract boolean verifyP256(ECPublicKey key, byte[] message, byte[] rawSignature) throws GeneralSecurityException;

  /**
   * The raw {@code r || s} of a DER {@code SEQUENCE {INTEGER r, INTEGER s}} (as X.509
   * certificates and CRLs carry it), or null if it is not exactly that with r, s of at most 32
   * bytes.
   */
  public static byte[] rawFromDer(byte[] der) {
    if (der.length < 8 || der[0] != 0x30 || (der[1] & 0xFF) != der.length - 2) {
      return null;
    }
    byte[] out = new byte[64];
    int at = 2;
    for (int part = 0; part < 2; part++) {
      if (at + 2 > der.length || der[at] != 0x02) {
        return null;
      }
      int length = der[at + 1] & 0xFF;
      at += 2;
      if (length == 0 || length > 33 || at + length > der.length || (der[at] & 0x80) != 0
          || (length > 1 && der[at] == 0 && (der[at + 1] & 0x80) == 0)) {
        return null; // empty, too long, negative or not minimal
      }
      int start = length > 1 && der[at] == 0 ? at + 1 : at;
      int valueLength = at + length - start;
      if (valueLength > 32) {
        return null;
      }
      System.arraycopy(der, start, out, part * 32 + 32 - valueLength, valueLength);
      at += length;
    }
    return at == der.length ? out : null;
  }

  private static EcdsaP256 select() {
    Provider nativeProvider = CryptoProviders.nativeProvider();
    if (nativeProvider != null) {
      return new Jca(nativeProvider);
    }
    if (!"false".equalsIgnoreCase(System.getProperty("silk.crypto.bouncycastle"))) {
      try {
        EcdsaP256 bc = BouncyCastleEcdsa.create();
        LOG.fine("Silk crypto: using BouncyCastle's ECDSA P-256");
        return bc;
      } catch (LinkageError absent) {
        // BouncyCastle is optional: without it the JCA's ECDSA is used.
      }
    }
    return new Jca(null);
  }

  /** Through the JCA: a named provider (Conscrypt) or the platform's default. */
  private static final class Jca extends EcdsaP256 {
    private final Provider provider;

    Jca(Provider provider) {
      this.provider = provider;
    }

    @Override
    public String name() {
      return provider == null ? "jca" : provider.getName();
    }

    @Override
    boolean verifyP256(ECPublicKey key, byte[] message, byte[] rawSignature) throws GeneralSecurityException {
      Signature verifier = provider == null
          ? Signature.getInstance("SHA256withECDSA") : Signature.getInstance("SHA256withECDSA", provider);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(derFromRaw(rawSignature));
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } from 64 raw bytes. */
  static byte[] derFromRaw(byte[] raw) {
    byte[] r = integer(Arrays.copyOf(raw, 32));
    byte[] s = integer(Arrays.copyOfRange(raw, 32, 64));
    byte[] out = new byte[2 + r.length + s.length];
    out[0] = 0x30;
    out[1] = (byte) (r.length + s.length);
    System.arraycopy(r, 0, out, 2, r.length);
    System.arraycopy(s, 0, out, 2 + r.length, s.length);
    return out;
  }

  private static byte[] integer(byte[] unsigned) {
    int start = 0;
    while (start < unsigned.length - 1 && unsigned[start] == 0) {
      start++;
    }
    boolean pad = (unsigned[start] & 0x80) != 0;
    byte[] out = new byte[2 + (pad ? 1 : 0) + unsigned.length - start];
    out[0] = 0x02;
    out[1] = (byte) (out.length - 2);
    System.arraycopy(unsigned, start, out, pad ? 3 : 2, unsigned.length - start);
    return out;
  }
}
