package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.SilkCryptoException;

/**
 * Intel's verdict on a TDX platform's trusted computing base, read from the signed TCB info
 * and QE identity (Intel's names in {@link #intelName()}), or {@link #UNKNOWN} when the node
 * supplied no collateral. Only {@link #UP_TO_DATE} is accepted by default; see
 * {@link TdxVerifier.Builder#acceptTcbStatus}.
 */
public enum TdxTcbStatus {
  /** The platform, its TDX module and its quoting enclave are patched. */
  UP_TO_DATE("UpToDate"),
  /** Patched, but software mitigations for the listed advisories are needed. */
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  /** Patched, but the platform's configuration (for example BIOS settings) needs changes. */
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  /** Both of the above. */
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  /** A part of the TCB has known, fixed vulnerabilities (the advisories) that this platform lacks. */
  OUT_OF_DATE("OutOfDate"),
  /** Out of date, and its configuration needs changes. */
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  /** Intel revoked this TCB: the platform's keys may be compromised. Never accepted. */
  REVOKED("Revoked"),
  /** No collateral was supplied, so nothing is known about the TCB. */
  UNKNOWN("unknown");

  private final String intelName;

  TdxTcbStatus(String intelName) {
    this.intelName = intelName;
  }

  /** The name in Intel's TCB info and QE identity JSON ({@code "unknown"} for {@link #UNKNOWN}). */
  public String intelName() {
    return intelName;
  }

  /** The status Intel names {@code name}; an unknown name is a malformed document. */
  static TdxTcbStatus fromIntelName(String name, String what) throws SilkCryptoException {
    for (TdxTcbStatus status : values()) {
      if (status != UNKNOWN && status.intelName.equals(name)) {
        return status;
      }
    }
    throw IntelPki.malformed(what + ": unknown tcbStatus '" + name + "'");
  }

  /**
   * This platform status combined with a component's (quoting enclave or TDX module: up to
   * date, out of date or revoked) the way Intel's quote verification library does: a worse
   * component makes an up-to-date platform out of date, and a revoked one revokes it.
   */
  TdxTcbStatus with(TdxTcbStatus component) {
    if (component == REVOKED) {
      return REVOKED;
    }
    if (component != OUT_OF_DATE) {
      return this;
    }
    switch (this) {
      case UP_TO_DATE:
      case SW_HARDENING_NEEDED:
        return OUT_OF_DATE;
      case CONFIGURATION_NEEDED:
      case CONFIGURATION_AND_SW_HARDENING_NEEDED:
        return OUT_OF_DATE_CONFIGURATION_NEEDED;
      default:
        return this;
    }
  }
}
