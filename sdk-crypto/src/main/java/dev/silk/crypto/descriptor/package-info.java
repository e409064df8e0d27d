/**
 * Node descriptors (spec-v1 §7): a node's keys, models, prices, payment terms and attestation,
 * self-signed; and the {@link dev.silk.crypto.descriptor.KeyBinding} that ties the keys to the
 * attestation's report data.
 */
package dev.silk.crypto.descriptor;
