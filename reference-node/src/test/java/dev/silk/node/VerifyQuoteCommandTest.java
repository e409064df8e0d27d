package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyQuoteCommandTest {
  private static Path quote() {
    Path path = Paths.get(System.getProperty("silk.root", ".."), "..", "shared", "test-vectors", "tdx-quote-v4.dat")
        .normalize();
    if (!Files.isRegularFile(path)) {
      if ("1".equals(System.getenv("SILK_CI"))) {
        fail(path + " is absent (SILK_CI=1 requires it)");
      }
      assumeTrue(false, path + " is absent: skipped");
    }
    return path;
  }

  private static String run(int expectedExit, String... args) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = NodeMain.commandLine(new NodeMain(), args);
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isEqualTo(expectedExit);
    return out.toString();
  }

  @Test
  void realQuoteIsValidAndItsMeasurementsArePrinted() throws Exception {
    String out = run(0, "verify-quote", quote().toString(), "--at", "2026-11-25T12:00:00Z");
    assertThat(out).contains("mrtd          7357a10d2e2724dffe68813e3cc4cfcd").contains("image hash")
        .contains("verdict       VALID");
  }

  private static String collateral() {
    return Paths.get(System.getProperty("silk.root", ".."), "sdk-crypto", "src", "test", "resources", "tdx",
        "collateral-90c06f000000.json").toString();
  }

  @Test
  void withIntelsCollateralTheTcbStatusAndThePolicysVerdictArePrinted() throws Exception {
    String current = run(0, "verify-quote", quote().toString(), "--collateral", collateral(),
        "--at", "2026-01-10T12:00:00Z");
    assertThat(current).contains("fmspc         90c06f000000 (PCK platform CA)")
        .contains("tcb status    UpToDate (platform UpToDate, QE UpToDate, TDX module UpToDate)")
        .contains("advisories    none")
        .contains("current until 2026-02-02T04:48:12Z")
        .contains("verdict       VALID at 2026-01-10T12:00:00Z (quote, Intel collateral and CRLs; TCB UpToDate");
    String late = run(2, "verify-quote", quote().toString(), "--collateral", collateral(), "--at", "2026-11-25T12:00:00Z");
    assertThat(late).contains("REFUSED by the default policy").contains("collateral expired at 2026-02-02T04:48:12Z");
  }

  @Test
  void expiredInstantAndWrongReportDataAreInvalidWithAReason() throws Exception {
    assertThat(run(1, "verify-quote", quote().toString(), "--at", "2040-01-01T00:00:00Z"))
        .contains("verdict       INVALID").contains("is not valid at");
    char[] zeros = new char[128];
    java.util.Arrays.fill(zeros, '0');
    assertThat(run(1, "verify-quote", quote().toString(), "--at", "2026-11-25T12:00:00Z", "--report-data",
        new String(zeros))).contains("INVALID: report data differs");
  }
}
