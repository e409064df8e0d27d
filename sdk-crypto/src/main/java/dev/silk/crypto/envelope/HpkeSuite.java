package dev.silk.crypto.envelope;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.XWing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An HPKE (RFC 9180) cipher suite, named on the wire by its three RFC 9180 identifiers
 * (KEM, KDF, AEAD; 6 bytes). Only suites in {@link #supported()} are accepted; a descriptor may
 * list keys for several suites and the client uses the strongest one both sides support.
 *
 * <p>{@link #XWING_SHA256_AES128GCM} is post-quantum (ML-KEM-768 with X25519): recorded traffic
 * stays closed to a future quantum computer. It needs BouncyCastle's FIPS 203 ML-KEM (1.82 is tested)
 * ({@code org.bouncycastle:bcprov-jdk18on}) on the classpath; without it {@link #supported()}
 * lists X25519 alone and an X-Wing key in a descriptor is kept but not used.
 */
public final class HpkeSuite {
  /** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM: the RFC 9180 §A.1 suite. */
  public static final HpkeSuite X25519_SHA256_AES128GCM = new HpkeSuite(0x0020, 0x0001, 0x0001, 32, 32);

  /**
   * X-Wing (ML-KEM-768 + X25519, KEM 0x647a), HKDF-SHA256, AES-128-GCM: 1,216-byte public keys,
   * 1,120-byte {@code enc}, 32-byte private keys (the seed).
   */
  public static final HpkeSuite XWING_SHA256_AES128GCM =
      new HpkeSuite(0x647a, 0x0001, 0x0001, XWing.PUBLIC_KEY_LENGTH, XWing.ENC_LENGTH);

  /** Supported suites, strongest first. */
  private static final List<HpkeSuite> SUPPORTED = supportedHere();

  private final int kemId;
  private final int kdfId;
  private final int aeadId;
  private final int publicKeyLength;
  private final int encapsulatedKeyLength;

  private HpkeSuite(int kemId, int kdfId, int aeadId, int publicKeyLength, int encapsulatedKeyLength) {
    this.kemId = kemId;
    this.kdfId = kdfId;
    this.aeadId = aeadId;
    this.publicKeyLength = publicKeyLength;
    this.encapsulatedKeyLength = encapsulatedKeyLength;
  }

  private static List<HpkeSuite> supportedHere() {
    List<HpkeSuite> suites = new ArrayList<>();
    if (XWing.isAvailable()) {
      suites.add(XWING_SHA256_AES128GCM);
    }
    suites.add(X25519_SHA256_AES128GCM);
    return Collections.unmodifiableList(suites);
  }

  /** Whether this suite's KEM resists a quantum computer. */
  public boolean isPostQuantum() {
    return this == XWING_SHA256_AES128GCM;
  }

  /** The suites this version accepts here, strongest first (X-Wing only with BouncyCastle). */
  public static List<HpkeSuite> supported() {
    return SUPPORTED;
  }

  /**
   * The supported suite with these identifiers.
   *
   * @throws SilkCryptoException {@link ErrorCode#UNSUPPORTED_SUITE} if none matches
   */
  public static HpkeSuite fromIds(int kemId, int kdfId, int aeadId) throws SilkCryptoException {
    for (HpkeSuite suite : SUPPORTED) {
      if (suite.kemId == kemId && suite.kdfId == kdfId && suite.aeadId == aeadId) {
        return suite;
      }
    }
    throw new SilkCryptoException(
        ErrorCode.UNSUPPORTED_SUITE,
        String.format("HPKE suite kem=0x%04x kdf=0x%04x aead=0x%04x", kemId, kdfId, aeadId));
  }

  /** Refuses a suite that is not {@link #supported() supported} here, naming what it needs. */
  static void checkSupported(HpkeSuite suite) throws SilkCryptoException {
    if (!SUPPORTED.contains(java.util.Objects.requireNonNull(suite, "suite"))) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_SUITE,
          suite + " needs BouncyCastle's ML-KEM (org.bouncycastle:bcprov-jdk18on 1.82) on the classpath");
    }
  }

  public int kemId() {
    return kemId;
  }

  public int kdfId() {
    return kdfId;
  }

  public int aeadId() {
    return aeadId;
  }

  /** Length of an encoded private key of this suite's KEM (an X25519 scalar, an X-Wing seed). */
  public int privateKeyLength() {
    return 32;
  }

  /** Length of an encoded public key of this suite's KEM. */
  public int publicKeyLength() {
    return publicKeyLength;
  }

  /** Length of the AEAD's authentication tag. */
  public int aeadTagLength() {
    return 16;
  }

  /** Length of the KEM's encapsulated key ({@code enc}). */
  public int encapsulatedKeyLength() {
    return encapsulatedKeyLength;
  }

  @Override
  public String toString() {
    return String.format("HpkeSuite[kem=0x%04x, kdf=0x%04x, aead=0x%04x]", kemId, kdfId, aeadId);
  }
}
