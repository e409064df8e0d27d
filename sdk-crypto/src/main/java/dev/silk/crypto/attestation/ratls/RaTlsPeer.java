package dev.silk.crypto.attestation.ratls;

import dev.silk.crypto.attestation.AttestationResult;
import dev.silk.crypto.encoding.Hex;
import java.util.Optional;

/** A peer whose RA-TLS certificate {@link RaTlsVerifier} accepted: its key and what was attested. Immutable. */
public final class RaTlsPeer {
  private final byte[] publicKey;
  private final byte[] imageHash;
  private final AttestationResult attestation;

  RaTlsPeer(byte[] publicKey, byte[] imageHash, AttestationResult attestation) {
    this.publicKey = publicKey.clone();
    this.imageHash = imageHash == null ? null : imageHash.clone();
    this.attestation = attestation;
  }

  /** The certificate's Ed25519 key, which the TLS handshake proved the peer holds. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Whether a TDX quote was verified (false under {@link RaTlsVerifier#unattested()}). */
  public boolean attested() {
    return attestation != null;
  }

  /** COCOON's image hash of the attested TD, if attested. */
  public Optional<byte[]> imageHash() {
    return Optional.ofNullable(imageHash).map(byte[]::clone);
  }

  /** The TDX verification's result (TCB status, advisories, how long it holds), if attested. */
  public Optional<AttestationResult> attestation() {
    return Optional.ofNullable(attestation);
  }

  @Override
  public String toString() {
    return "RaTlsPeer[" + Hex.encode(publicKey) + (attestation == null ? ", UNATTESTED" : ", image "
        + Hex.encode(imageHash) + ", TCB " + attestation.tcbStatus()) + "]";
  }
}
