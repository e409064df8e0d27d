package dev.silk.crypto.envelope;

import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.internal.ResponseKeys;
import dev.silk.crypto.receipt.ContentDigest;
import java.util.Objects;

/**
 * Client side of a sealed request: HPKE (RFC 9180, base mode) to the node's attested key, with
 * the envelope header as HPKE info, so the version, suite, node and descriptor are all bound to
 * the ciphertext. Stateless and thread-safe.
 *
 * <pre>{@code
 * SealedRequest sealed = RequestSealer.seal(payload, descriptor.recipient());
 * httpPost(sealed.envelope());
 * ResponseReader reader = sealed.responseReader(descriptor.signingKey());
 * }</pre>
 */
public final class RequestSealer {
  /** The HPKE sender; a seam so that tests can fix the ephemeral key to replay vectors. */
  interface HpkeSender {
    byte[] seal(KemPublicKey key, byte[] plaintext, byte[] info);
  }

  private static final HpkeSender TINK = KemPublicKey::seal;

  private RequestSealer() {}

  /** Seals {@code payload} to {@code recipient}. */
  public static SealedRequest seal(RequestPayload payload, Recipient recipient) {
    return seal(payload, recipient, TINK);
  }

  static SealedRequest seal(RequestPayload payload, Recipient recipient, HpkeSender sender) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(recipient, "recipient");
    byte[] header = recipient.header();
    byte[] plaintext = payload.encode();
    byte[] encAndCiphertext = sender.seal(recipient.key(), plaintext, header);
    int encLength = recipient.key().suite().encapsulatedKeyLength();
    byte[] envelope =
        new ByteWriter(header.length + 2 + encAndCiphertext.length)
            .fixed(header)
            .u16(encLength)
            .fixed(encAndCiphertext)
            .toByteArray();
    ResponseKeys keys = ResponseKeys.derive(payload.responseKey(), payload.requestId());
    byte[] requestHash = ContentDigest.of(keys).requestHash(plaintext);
    return new SealedRequest(envelope, payload.requestId(), payload.model(), recipient, keys, requestHash);
  }
}
