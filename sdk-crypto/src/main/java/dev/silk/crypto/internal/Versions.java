package dev.silk.crypto.internal;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;

/** The single place that decides which protocol versions are accepted. */
public final class Versions {
  private Versions() {}

  public static void check(int version, String what) throws SilkCryptoException {
    if (version != ProtocolVersion.V1) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_VERSION, what + ": version " + version);
    }
  }
}
