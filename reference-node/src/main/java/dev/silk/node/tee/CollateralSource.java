package dev.silk.node.tee;

import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import java.io.IOException;

/**
 * Where a {@code tdx} node gets Intel's collateral for its platform (TCB info, QE identity,
 * CRLs): public documents, the same for every TD on a platform model, which the node carries in
 * its descriptor so that clients can check its TCB status (spec-v1 §8.2). Implementations must
 * be thread-safe.
 */
public interface CollateralSource {
  /** The collateral for the platform that produced {@code quote}. */
  TdxCollateral fetch(TdxQuote quote) throws IOException;
}
