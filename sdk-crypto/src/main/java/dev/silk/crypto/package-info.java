/**
 * Silk protocol v1 cryptography: the objects that a Silk client and node exchange, as specified
 * in docs-site/protocol/spec-v1.md. Parameters and return values are non-null unless documented
 * otherwise; every public type states whether it is thread-safe.
 *
 * <ul>
 *   <li>{@link dev.silk.crypto.envelope}: sealed requests (HPKE) and sealed response chunks
 *   <li>{@link dev.silk.crypto.receipt}: signed receipts and their content hashes
 *   <li>{@link dev.silk.crypto.descriptor}: self-signed node descriptors and the key binding
 *   <li>{@link dev.silk.crypto.attestation}: attestation verifiers and policy
 *   <li>{@link dev.silk.crypto.signature}: Ed25519 keys, node ids, per-type context strings
 * </ul>
 *
 * <p>Every rejection of untrusted bytes is a {@link dev.silk.crypto.SilkCryptoException} with a
 * stable {@link dev.silk.crypto.ErrorCode}. Classes under {@code dev.silk.crypto.internal} are
 * not API.
 */
package dev.silk.crypto;
