/**
 * Receipts: what a node signs about each answer, verifiable offline from its descriptor
 * (spec-v1 §6.3–6.4). {@link dev.silk.crypto.envelope.ResponseReader} verifies them for clients;
 * {@link dev.silk.crypto.receipt.ContentDigest} lets an auditor holding the response key
 * recompute their content hashes.
 */
package dev.silk.crypto.receipt;
