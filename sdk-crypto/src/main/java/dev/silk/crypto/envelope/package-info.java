/**
 * Sealed requests and sealed answers (spec-v1 §4, §6).
 *
 * <pre>{@code
 * // client
 * SealedRequest sealed = RequestSealer.seal(payload, descriptor.recipient());
 * ResponseReader reader = sealed.responseReader(descriptor.signingKey());
 * // node
 * OpenedRequest opened = opener.open(sealed.envelope());
 * ResponseWriter writer = opened.responseWriter(nodeKey);
 * }</pre>
 */
package dev.silk.crypto.envelope;
