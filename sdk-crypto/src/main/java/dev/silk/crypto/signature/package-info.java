/**
 * Ed25519 signing keys, node ids and the per-type context strings that separate signatures of
 * descriptors, receipts, quotes, errors, registry lists and channel statuses (spec-v1 §5).
 */
package dev.silk.crypto.signature;
