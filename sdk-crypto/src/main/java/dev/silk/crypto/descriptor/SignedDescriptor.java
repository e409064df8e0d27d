package dev.silk.crypto.descriptor;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPublicKey;
import dev.silk.crypto.envelope.Recipient;
import dev.silk.crypto.internal.Hashes;
import dev.silk.crypto.signature.NodeId;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link NodeDescriptor} signed by its own signing key under {@code "silk/1 descriptor"}, in
 * the exact bytes that were signed. A parsed instance always has a valid self-signature; its
 * validity window and attestation are checked by {@link #verify}. Its {@link #hash()} is what
 * sealed requests and receipts name. Immutable and thread-safe.
 *
 * <pre>{@code
 * SignedDescriptor descriptor = SignedDescriptor.parse(bytesFromGetV1Node);
 * descriptor.verify(policy, Instant.now());   // validity window + attestation binding
 * SealedRequest sealed = RequestSealer.seal(payload, descriptor.recipient());
 * }</pre>
 */
public final class SignedDescriptor {
  private final byte[] bytes;
  private final NodeDescriptor descriptor;
  private final byte[] hash;

  private SignedDescriptor(byte[] bytes, NodeDescriptor descriptor, byte[] hash) {
    this.bytes = bytes;
    this.descriptor = descriptor;
    this.hash = hash;
  }

  /**
   * Signs {@code descriptor} with its own key.
   *
   * @throws IllegalArgumentException if {@code key} is not the descriptor's signing key
   */
  public static SignedDescriptor sign(NodeDescriptor descriptor, SigningPrivateKey key) {
    if (!key.publicKey().equals(descriptor.signingKey())) {
      throw new IllegalArgumentException("a descriptor is signed by its own signing key");
    }
    byte[] body = descriptor.encode();
    return new SignedDescriptor(SignedFrame.sign(SignedType.DESCRIPTOR, body, key), descriptor, Hashes.sha256(body));
  }

  /**
   * Parses descriptor bytes and checks the self-signature.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION},
   *     {@link ErrorCode#UNEXPECTED_TYPE} or {@link ErrorCode#BAD_SIGNATURE}
   */
  public static SignedDescriptor parse(byte[] bytes) throws SilkCryptoException {
    SignedFrame frame = SignedFrame.parse(bytes, SignedType.DESCRIPTOR);
    NodeDescriptor descriptor = NodeDescriptor.decode(frame.bodyReader());
    frame.verify(descriptor.signingKey());
    return new SignedDescriptor(bytes.clone(), descriptor, Hashes.sha256(frame.body()));
  }

  /**
   * Checks that the descriptor is valid at {@code now} and that its attestation, under
   * {@code policy}, binds exactly its keys, epoch and expiry.
   *
   * @throws SilkCryptoException {@link ErrorCode#STALE_DESCRIPTOR}, or the policy's error
   */
  public AttestationResult verify(AttestationPolicy policy, Instant now) throws SilkCryptoException {
    Objects.requireNonNull(policy, "policy");
    checkValidAt(now);
    return policy.verify(descriptor.attestation(), descriptor.keyBinding(), now);
  }

  /** @throws SilkCryptoException {@link ErrorCode#STALE_DESCRIPTOR} outside the validity window */
  public void checkValidAt(Instant now) throws SilkCryptoException {
    if (now.isBefore(descriptor.notBefore()) || !now.isBefore(descriptor.notAfter())) {
      throw new SilkCryptoException(ErrorCode.STALE_DESCRIPTOR,
          "descriptor valid from " + descriptor.notBefore() + " to " + descriptor.notAfter() + ", now " + now);
    }
  }

  public NodeDescriptor descriptor() {
    return descriptor;
  }

  public NodeId nodeId() {
    return descriptor.nodeId();
  }

  public SigningPublicKey signingKey() {
    return descriptor.signingKey();
  }

  /** SHA-256 of the signed body: the descriptor's identity in envelopes and receipts. */
  public byte[] hash() {
    return hash.clone();
  }

  /** The exact signed bytes (a copy), as served at {@code GET /v1/node}. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Where to seal requests for this node: its key of the strongest suite this version supports
   * ({@code HpkeSuite.supported()} order: X-Wing, then X25519).
   */
  public Recipient recipient() {
    // build() and decode() guarantee at least one supported key.
    return recipient(HpkeSuite.supported()).get();
  }

  /**
   * Where to seal requests for this node with the first suite of {@code preference} it lists
   * (a client that requires post-quantum sealing passes X-Wing alone), or empty if it lists
   * none of them.
   */
  public Optional<Recipient> recipient(List<HpkeSuite> preference) {
    for (HpkeSuite suite : preference) {
      for (KemPublicKey key : descriptor.hpkeKeys()) {
        if (key.suite() == suite) {
          return Optional.of(Recipient.of(nodeId(), hash, key));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedDescriptor && Arrays.equals(bytes, ((SignedDescriptor) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Signed" + descriptor;
  }
}
