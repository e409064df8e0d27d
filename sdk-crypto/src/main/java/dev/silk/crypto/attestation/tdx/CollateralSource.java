package dev.silk.crypto.attestation.tdx;

import java.io.IOException;

/**
 * Where Intel's collateral for a platform comes from (TCB info, QE identity, CRLs): public
 * documents, the same for every TD on a platform model. A {@code tdx} Silk node carries it in its
 * descriptor (spec-v1 §8.2); a COCOON client fetches it for the proxy it attests.
 * Implementations must be thread-safe.
 */
public interface CollateralSource {
  /** The collateral for the platform that produced {@code quote}. */
  TdxCollateral fetch(TdxQuote quote) throws IOException;
}
