/**
 * Implementation of the client's core, whatever the transport: budget admission, attempts,
 * retries with backoff, cancellation, and the mapping between the public types and the wire's
 * JSON. The transports live in {@code sealed} (Silk nodes) and {@code cocoon} (COCOON), node
 * selection in {@code discovery}, what they share about a node over HTTP in {@code node}; the
 * packages depend in one direction (an architecture test checks it). Not API: it changes
 * without notice.
 */
package dev.silk.core.internal;
