package dev.silk.crypto;

/** The Silk protocol version this module speaks. Objects of any other version are rejected. */
public final class ProtocolVersion {
  /** Silk protocol v1, as specified in docs-site/protocol/spec-v1.md. */
  public static final int V1 = 1;

  private ProtocolVersion() {}
}
