/**
 * The protocol's canonical binary encoding (spec-v1 §4): {@link dev.silk.crypto.encoding.ByteWriter}
 * writes big-endian integers and length-prefixed byte strings, {@link dev.silk.crypto.encoding.ByteReader}
 * reads them from untrusted input with every length checked, and {@link dev.silk.crypto.encoding.Hex}
 * is the lower-case hex used for identifiers. For code that builds or reads protocol objects beside
 * Silk's own (the reference node, sdk-ton's payment objects).
 */
package dev.silk.crypto.encoding;
