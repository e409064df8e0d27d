/**
 * COCOON's RA-TLS certificates: a self-signed Ed25519 certificate that carries a TDX quote over
 * its own key. {@link dev.silk.crypto.attestation.ratls.RaTlsVerifier} checks one as COCOON
 * does, and verifies the quote in pure Java.
 */
package dev.silk.crypto.attestation.ratls;
