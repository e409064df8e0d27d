package dev.silk.crypto.descriptor;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPublicKey;

/**
 * An HPKE key as listed in a descriptor. Keys of suites this version does not know are kept (so
 * the key binding still covers them) but never used for sealing.
 */
final class ListedKey {
  static final int MAX_KEY = 4096;

  final int kemId;
  final int kdfId;
  final int aeadId;
  final byte[] key;
  /** The usable key, or null for a suite this version does not support. */
  final KemPublicKey supported;

  private ListedKey(int kemId, int kdfId, int aeadId, byte[] key, KemPublicKey supported) {
    this.kemId = kemId;
    this.kdfId = kdfId;
    this.aeadId = aeadId;
    this.key = key;
    this.supported = supported;
  }

  static ListedKey of(KemPublicKey key) {
    HpkeSuite suite = key.suite();
    return new ListedKey(suite.kemId(), suite.kdfId(), suite.aeadId(), key.toBytes(), key);
  }

  void writeTo(ByteWriter out) {
    out.u16(kemId).u16(kdfId).u16(aeadId).bytes(key);
  }

  static ListedKey readFrom(ByteReader in) throws SilkCryptoException {
    int kem = in.u16("kem id");
    int kdf = in.u16("kdf id");
    int aead = in.u16("aead id");
    byte[] key = in.bytes(MAX_KEY, "hpke key");
    KemPublicKey supported = null;
    for (HpkeSuite suite : HpkeSuite.supported()) {
      if (suite.kemId() == kem && suite.kdfId() == kdf && suite.aeadId() == aead) {
        supported = KemPublicKey.fromBytes(suite, key);
      }
    }
    return new ListedKey(kem, kdf, aead, key, supported);
  }
}
