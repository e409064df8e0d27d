package dev.silk.crypto.envelope;

import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.NodeId;

/** The 72-byte envelope header that doubles as HPKE info (spec-v1 §3.1). */
final class EnvelopeHeader {
  static final int LENGTH = 72;

  private EnvelopeHeader() {}

  static byte[] encode(HpkeSuite suite, NodeId nodeId, byte[] descriptorHash) {
    return new ByteWriter(LENGTH)
        .u16(ProtocolVersion.V1)
        .u16(suite.kemId())
        .u16(suite.kdfId())
        .u16(suite.aeadId())
        .fixed(nodeId.toBytes())
        .fixed(descriptorHash)
        .toByteArray();
  }
}
