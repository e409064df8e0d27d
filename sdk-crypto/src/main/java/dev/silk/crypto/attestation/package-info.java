/**
 * Attestation (spec-v1 §8): the {@link dev.silk.crypto.attestation.AttestationVerifier} SPI, the
 * {@link dev.silk.crypto.attestation.AttestationPolicy} a client checks descriptors with (hardware
 * formats only by default), and the insecure, opt-in {@code dev} format.
 */
package dev.silk.crypto.attestation;
