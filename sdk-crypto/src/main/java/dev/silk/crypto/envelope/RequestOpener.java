package dev.silk.crypto.envelope;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.internal.Padding;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.internal.Versions;
import dev.silk.crypto.receipt.ContentDigest;
import dev.silk.crypto.signature.NodeId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Node side of a sealed request: checks the header (version, suite, node id, descriptor hash),
 * opens the HPKE ciphertext with the matching private key and decodes the payload. Every
 * rejection is a {@link SilkCryptoException} with a typed code. Immutable and thread-safe.
 *
 * <pre>{@code
 * RequestOpener opener = RequestOpener.create(nodeId, signedDescriptor.hash(), kemKeys);
 * OpenedRequest request = opener.open(envelopeBytes);
 * }</pre>
 */
public final class RequestOpener {
  private final NodeId nodeId;
  private final byte[] descriptorHash;
  private final Map<HpkeSuite, KemPrivateKey> keys;

  private RequestOpener(NodeId nodeId, byte[] descriptorHash, Map<HpkeSuite, KemPrivateKey> keys) {
    this.nodeId = nodeId;
    this.descriptorHash = descriptorHash;
    this.keys = keys;
  }

  /**
   * An opener for requests sealed to the descriptor with hash {@code descriptorHash}.
   *
   * @throws IllegalArgumentException if no key is given, two keys share a suite, or the hash is
   *     not 32 bytes
   */
  public static RequestOpener create(NodeId nodeId, byte[] descriptorHash, List<KemPrivateKey> keys) {
    Objects.requireNonNull(nodeId, "nodeId");
    if (Objects.requireNonNull(descriptorHash, "descriptorHash").length != 32) {
      throw new IllegalArgumentException("descriptor hash must be 32 bytes");
    }
    Map<HpkeSuite, KemPrivateKey> bySuite = new LinkedHashMap<>();
    for (KemPrivateKey key : keys) {
      if (bySuite.put(key.suite(), key) != null) {
        throw new IllegalArgumentException("two keys for " + key.suite());
      }
    }
    if (bySuite.isEmpty()) {
      throw new IllegalArgumentException("at least one HPKE key is required");
    }
    return new RequestOpener(nodeId, descriptorHash.clone(), Collections.unmodifiableMap(bySuite));
  }

  /**
   * Opens an envelope.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION},
   *     {@link ErrorCode#UNSUPPORTED_SUITE}, {@link ErrorCode#WRONG_RECIPIENT} or
   *     {@link ErrorCode#DECRYPTION_FAILED}
   */
  public OpenedRequest open(byte[] envelope) throws SilkCryptoException {
    if (envelope == null) {
      throw new SilkCryptoException(ErrorCode.MALFORMED, "sealed request: no bytes");
    }
    ByteReader in = new ByteReader(envelope, "sealed request");
    Versions.check(in.u16("version"), "sealed request");
    HpkeSuite suite = HpkeSuite.fromIds(in.u16("kem id"), in.u16("kdf id"), in.u16("aead id"));
    KemPrivateKey key = keys.get(suite);
    if (key == null) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_SUITE, "this node has no key for " + suite);
    }
    if (!Arrays.equals(in.fixed(NodeId.LENGTH, "node id"), nodeId.toBytes())
        || !Arrays.equals(in.fixed(32, "descriptor hash"), descriptorHash)) {
      throw new SilkCryptoException(ErrorCode.WRONG_RECIPIENT, "sealed to another node or descriptor");
    }
    byte[] header = Arrays.copyOf(envelope, EnvelopeHeader.LENGTH);
    if (in.u16("enc length") != suite.encapsulatedKeyLength()) {
      throw in.malformed("enc length does not match the suite");
    }
    byte[] encAndCiphertext = in.rest();
    Padding.checkCiphertextLength(
        encAndCiphertext.length - suite.encapsulatedKeyLength(), suite.aeadTagLength(), "sealed request");
    byte[] plaintext = key.open(encAndCiphertext, header);
    RequestPayload payload = RequestPayload.decode(plaintext);
    ResponseKeys responseKeys = ResponseKeys.derive(payload.responseKey(), payload.requestId());
    byte[] requestHash = ContentDigest.of(responseKeys).requestHash(plaintext);
    byte[] enc = Arrays.copyOf(encAndCiphertext, suite.encapsulatedKeyLength());
    return new OpenedRequest(payload, enc, nodeId, descriptorHash, responseKeys, requestHash);
  }
}
