/**
 * Oblivious HTTP (RFC 9458) for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM: a
 * gateway's {@link dev.silk.crypto.ohttp.KeyConfig}, the client's
 * {@link dev.silk.crypto.ohttp.ObliviousRequest} and the gateway's
 * {@link dev.silk.crypto.ohttp.ObliviousGateway}. A relay forwards the encapsulated bytes and
 * learns the client's address but nothing of the request; the gateway learns the request but not
 * the address. The messages inside are Binary HTTP ({@link dev.silk.crypto.bhttp}).
 */
package dev.silk.crypto.ohttp;
