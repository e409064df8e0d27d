package dev.silk.crypto.envelope;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An HPKE (RFC 9180) cipher suite, named on the wire by its three RFC 9180 identifiers
 * (KEM, KDF, AEAD; 6 bytes). Only suites in {@link #supported()} are accepted; a descriptor may
 * list keys for several suites and the client uses the strongest one both sides support, so a
 * post-quantum suite (X-Wing, KEM 0x647a) can be added without a format change.
 */
public final class HpkeSuite {
  /** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM: the RFC 9180 §A.1 suite. */
  public static final HpkeSuite X25519_SHA256_AES128GCM = new HpkeSuite(0x0020, 0x0001, 0x0001, 32, 32);

  /** Supported suites, strongest first. */
  private static final List<HpkeSuite> SUPPORTED =
      Collections.unmodifiableList(Arrays.asList(X25519_SHA256_AES128GCM));

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

  /** The suites this version accepts, strongest first. */
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

  public int kemId() {
    return kemId;
  }

  public int kdfId() {
    return kdfId;
  }

  public int aeadId() {
    return aeadId;
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
