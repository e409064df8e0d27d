package dev.silk.crypto.ohttp;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An Oblivious HTTP gateway's key configuration (RFC 9458 §3): a key identifier, the HPKE KEM
 * and its public key, and the KDF/AEAD pairs the gateway accepts. Parsed and encoded byte for
 * byte; a KEM whose key length is unknown here is refused, since its key cannot be delimited.
 * Immutable.
 *
 * <pre>{@code
 * KeyConfig config = KeyConfig.parse(bytesFromTheGateway);
 * ObliviousRequest request = ObliviousRequest.encapsulate(config, binaryHttpRequest);
 * }</pre>
 */
public final class KeyConfig {
  /** DHKEM(X25519, HKDF-SHA256), the one KEM Silk encapsulates to. */
  public static final int KEM_X25519_SHA256 = 0x0020;
  /** HKDF-SHA256. */
  public static final int KDF_HKDF_SHA256 = 0x0001;
  /** AES-128-GCM. */
  public static final int AEAD_AES_128_GCM = 0x0001;

  private final int keyId;
  private final int kemId;
  private final byte[] publicKey;
  private final List<Algorithms> algorithms;

  /** A KDF and AEAD the gateway accepts with the key. Immutable. */
  public static final class Algorithms {
    private final int kdfId;
    private final int aeadId;

    public Algorithms(int kdfId, int aeadId) {
      this.kdfId = u16(kdfId, "kdfId");
      this.aeadId = u16(aeadId, "aeadId");
    }

    public int kdfId() {
      return kdfId;
    }

    public int aeadId() {
      return aeadId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Algorithms && ((Algorithms) o).kdfId == kdfId && ((Algorithms) o).aeadId == aeadId;
    }

    @Override
    public int hashCode() {
      return kdfId * 65_537 + aeadId;
    }
  }

  /**
   * @param keyId the gateway's identifier of this key, 0–255
   * @param kemId the HPKE KEM of {@code publicKey} (only {@link #KEM_X25519_SHA256} here)
   * @param algorithms at least one KDF/AEAD pair
   */
  public KeyConfig(int keyId, int kemId, byte[] publicKey, List<Algorithms> algorithms) {
    if (keyId < 0 || keyId > 0xff) {
      throw new IllegalArgumentException("keyId is one byte: " + keyId);
    }
    if (publicKeyLength(kemId) < 0) {
      throw new IllegalArgumentException(String.format("unsupported KEM 0x%04x", kemId));
    }
    if (publicKey.length != publicKeyLength(kemId)) {
      throw new IllegalArgumentException("the KEM's public key is " + publicKeyLength(kemId) + " bytes");
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one KDF/AEAD pair");
    }
    this.keyId = keyId;
    this.kemId = kemId;
    this.publicKey = publicKey.clone();
    this.algorithms = Collections.unmodifiableList(new ArrayList<>(algorithms));
  }

  /**
   * The key configuration of a Silk node acting as its own Oblivious HTTP gateway (spec §15): key
   * id 0, the X25519 key of its signed descriptor, HKDF-SHA256 with AES-128-GCM. A client builds
   * it from the descriptor it verified, so the key binding of the descriptor covers it; no second
   * key is trusted. (The sealed request inside is sealed to the descriptor's strongest key, X-Wing
   * where listed, so the prompt itself stays post-quantum.)
   *
   * @throws IllegalArgumentException if the descriptor lists no X25519 key
   */
  public static KeyConfig ofNode(SignedDescriptor descriptor) {
    for (KemPublicKey key : descriptor.descriptor().hpkeKeys()) {
      if (key.suite() == HpkeSuite.X25519_SHA256_AES128GCM) {
        return new KeyConfig(0, KEM_X25519_SHA256, key.toBytes(),
            Collections.singletonList(new Algorithms(KDF_HKDF_SHA256, AEAD_AES_128_GCM)));
      }
    }
    throw new IllegalArgumentException("a node gateway's key is its X25519 key; this descriptor lists none");
  }

  /** RFC 9458 §3.2's {@code application/ohttp-keys}: each configuration after its 2-byte length. */
  public static byte[] encodeList(List<KeyConfig> configs) {
    ByteWriter out = new ByteWriter();
    for (KeyConfig c : configs) {
      byte[] one = c.encode();
      out.u16(one.length).fixed(one);
    }
    return out.toByteArray();
  }

  /**
   * Parses {@code application/ohttp-keys}.
   *
   * @throws SilkCryptoException {@code malformed} if empty, truncated, or any configuration is
   */
  public static List<KeyConfig> parseList(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "application/ohttp-keys");
    List<KeyConfig> configs = new ArrayList<>();
    while (in.remaining() > 0) {
      configs.add(parse(in.fixed(in.u16("key config length"), "key config")));
    }
    if (configs.isEmpty()) {
      throw in.malformed("no key configuration");
    }
    return Collections.unmodifiableList(configs);
  }

  /**
   * Parses one key configuration (all of {@code bytes}).
   *
   * @throws SilkCryptoException {@code malformed}: truncated, trailing bytes, an odd or empty list
   *     of algorithms, or a KEM whose key length is not known here
   */
  public static KeyConfig parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = new ByteReader(bytes, "OHTTP key config");
    int keyId = in.u8("key_id");
    int kemId = in.u16("kem_id");
    int length = publicKeyLength(kemId);
    if (length < 0) {
      throw in.malformed(String.format("KEM 0x%04x unknown: its key length is not known", kemId));
    }
    byte[] publicKey = in.fixed(length, "public_key");
    int algorithmBytes = in.u16("symmetric_algorithms length");
    if (algorithmBytes == 0 || algorithmBytes % 4 != 0) {
      throw in.malformed("symmetric_algorithms length " + algorithmBytes + " is not a positive multiple of 4");
    }
    List<Algorithms> algorithms = new ArrayList<>();
    for (int i = 0; i < algorithmBytes / 4; i++) {
      algorithms.add(new Algorithms(in.u16("kdf_id"), in.u16("aead_id")));
    }
    in.expectEnd();
    return new KeyConfig(keyId, kemId, publicKey, algorithms);
  }

  /** The RFC 9458 §3 encoding. */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(3 + publicKey.length + 2 + 4 * algorithms.size());
    out.u8(keyId).u16(kemId).fixed(publicKey).u16(4 * algorithms.size());
    for (Algorithms a : algorithms) {
      out.u16(a.kdfId).u16(a.aeadId);
    }
    return out.toByteArray();
  }

  public int keyId() {
    return keyId;
  }

  public int kemId() {
    return kemId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public List<Algorithms> algorithms() {
    return algorithms;
  }

  /** Whether the gateway accepts HKDF-SHA256 with AES-128-GCM for this key, the pair Silk uses. */
  public boolean accepts(int kdfId, int aeadId) {
    return algorithms.contains(new Algorithms(kdfId, aeadId));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyConfig && java.util.Arrays.equals(((KeyConfig) o).encode(), encode());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encode());
  }

  /** Npk of the KEMs whose keys can be delimited here, or -1. */
  private static int publicKeyLength(int kemId) {
    switch (kemId) {
      case 0x0010: // DHKEM(P-256)
        return 65;
      case 0x0020: // DHKEM(X25519)
        return 32;
      case 0x647a: // X-Wing
        return 1216;
      default:
        return -1;
    }
  }

  private static int u16(int value, String name) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException(name + " is two bytes: " + value);
    }
    return value;
  }

  static void requireSupported(KeyConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.kemId != KEM_X25519_SHA256 || !config.accepts(KDF_HKDF_SHA256, AEAD_AES_128_GCM)) {
      throw new IllegalArgumentException("Silk encapsulates to DHKEM(X25519) with HKDF-SHA256 and AES-128-GCM;"
          + String.format(" this key is KEM 0x%04x", config.kemId));
    }
  }
}
