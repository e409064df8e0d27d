/**
 * Binary HTTP (RFC 9292), known-length messages: {@link dev.silk.crypto.bhttp.BinaryRequest} and
 * {@link dev.silk.crypto.bhttp.BinaryResponse}, the plaintexts that Oblivious HTTP
 * ({@link dev.silk.crypto.ohttp}) encapsulates.
 */
package dev.silk.crypto.bhttp;
