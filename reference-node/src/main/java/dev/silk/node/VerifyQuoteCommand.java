package dev.silk.node;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxMeasurements;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxTcbEvaluation;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.encoding.Hex;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code silk-node verify-quote FILE}: checks a TDX quote (and its collateral) and prints its measurements and a verdict. */
@Command(name = "verify-quote", mixinStandardHelpOptions = true,
    description = {"Verifies an Intel TDX quote (DCAP v4) in pure Java: PCK chain to the pinned Intel SGX Root CA,",
        "QE report, attestation key binding, quote signature, debug flag; with --collateral also Intel's",
        "TCB info, QE identity and CRLs, and the TCB status. Prints the measurements, the COCOON-style",
        "image hash and a verdict with its reason. Exit code 0 if valid (and, with collateral, accepted by",
        "the default policy), 1 if invalid, 2 if valid but refused by the default policy."})
final class VerifyQuoteCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The quote (trailing zero padding is ignored).")
  Path file;

  @Option(names = "--report-data", paramLabel = "HEX", description = "Also require this 64-byte report data (hex).")
  String reportData;

  @Option(names = "--at", paramLabel = "ISO-8601", description = "Check validity at this instant (default: now).")
  Instant at;

  @Option(names = "--collateral", paramLabel = "FILE", description = "Intel's collateral for the quote's platform (JSON, QuoteCollateralV3 form).")
  Path collateral;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Instant when = at != null ? at : Instant.now();
    TdxVerifier verifier = TdxVerifier.builder().build();
    try {
      TdxQuote quote = TdxQuote.parse(TdxQuote.withoutZeroPadding(Files.readAllBytes(file)));
      TdxMeasurements m = verifier.verifyQuote(quote, when);
      out.println("image hash    " + Hex.encode(m.imageHash()));
      out.println("mrtd          " + Hex.encode(m.mrTd()));
      for (int i = 0; i < 4; i++) {
        out.println("rtmr" + i + "         " + Hex.encode(m.rtmr(i)));
      }
      out.println("mrconfigid    " + Hex.encode(m.mrConfigId()));
      out.println("mrowner       " + Hex.encode(m.mrOwner()));
      out.println("mrownerconfig " + Hex.encode(m.mrOwnerConfig()));
      out.println("attributes    " + Hex.encode(m.tdAttributes()) + (m.debug() ? " (DEBUG)" : ""));
      out.println("tee tcb svn   " + Hex.encode(m.teeTcbSvn()));
      out.println("report data   " + Hex.encode(m.reportData()));
      out.println("fmspc         " + quote.fmspc() + " (PCK " + quote.pckCa() + " CA)");
      if (reportData != null && !Arrays.equals(Hex.decode(reportData), m.reportData())) {
        out.println("verdict       INVALID: report data differs from --report-data");
        return 1;
      }
      if (collateral == null) {
        out.println("tcb status    unknown (no collateral; --collateral FILE)");
        out.println("verdict       VALID at " + when + " (chain to Intel SGX Root CA, QE report, quote signature)");
        return 0;
      }
      TdxTcbEvaluation tcb = verifier.evaluateTcb(quote,
          TdxCollateral.fromJson(new String(Files.readAllBytes(collateral), StandardCharsets.UTF_8)), when);
      out.println("tcb status    " + tcb.status().intelName() + " (platform " + tcb.platformStatus().intelName()
          + ", QE " + tcb.qeStatus().intelName() + ", TDX module " + tcb.moduleStatus().intelName() + ")");
      out.println("advisories    " + (tcb.advisoryIds().isEmpty() ? "none" : String.join(", ", tcb.advisoryIds())));
      out.println("tcb level     " + tcb.tcbDate() + " (TCB evaluation data " + tcb.tcbEvaluationDataNumber() + ")");
      out.println("collateral    issued up to " + tcb.collateralIssuedAt() + ", current until "
          + tcb.collateralNextUpdate());
      try {
        verifier.checkAccepted(tcb, when);
      } catch (SilkCryptoException refused) {
        out.println("verdict       VALID quote and collateral at " + when + ", REFUSED by the default policy: "
            + refused.getMessage());
        return 2;
      }
      out.println("verdict       VALID at " + when + " (quote, Intel collateral and CRLs; TCB "
          + tcb.status().intelName() + ", accepted by the default policy)");
      return 0;
    } catch (SilkCryptoException e) {
      out.println("verdict       INVALID: " + e.getMessage());
      return 1;
    }
  }
}
