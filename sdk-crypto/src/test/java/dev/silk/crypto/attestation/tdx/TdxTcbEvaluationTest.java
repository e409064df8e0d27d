package dev.silk.crypto.attestation.tdx;

import static dev.silk.crypto.attestation.tdx.SyntheticTdx.AT;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.FMSPC;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.QE_MRSIGNER;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.SGX_OLD;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.SGX_UP;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.TDX_OLD;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.TDX_UP;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.isvLevel;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.moduleIdentity;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.platformLevel;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.qeIdentity;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.tcbInfo;
import static dev.silk.crypto.attestation.tdx.SyntheticTdx.zeros;
import static dev.silk.crypto.attestation.tdx.TdxVerifierTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.attestation.AttestationEvidence;
import dev.silk.crypto.attestation.AttestationResult;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every path of the TCB evaluation, under a test root (the one real quote is up to date and
 * unrevoked, so it cannot show the others): levels, convergence of QE and module status,
 * revocation, the signer pin, identities, and the policy's choices.
 */
class TdxTcbEvaluationTest {
  private final SyntheticTdx pki = new SyntheticTdx();

  private TdxTcbEvaluation evaluate(SyntheticTdx.Td td, SyntheticTdx.Collateral collateral) throws Exception {
    return pki.verifier().build().evaluateTcb(TdxQuote.parse(pki.quote(td)), collateral.build(), AT);
  }

  private TdxTcbEvaluation evaluate(SyntheticTdx.Td td) throws Exception {
    return evaluate(td, pki.collateral());
  }

  private AttestationResult verify(TdxVerifier.Builder verifier, SyntheticTdx.Td td, SyntheticTdx.Collateral c)
      throws Exception {
    byte[] quote = pki.quote(td);
    return verifier.allowImageHash(TdxQuote.parse(quote).measurements().imageHash()).build()
        .verify(AttestationEvidence.of("tdx", quote, c.build().encode()), td.reportData, AT);
  }

  @Test
  void anUpToDatePlatformIsUpToDate() throws Exception {
    TdxTcbEvaluation tcb = evaluate(new SyntheticTdx.Td());
    assertThat(tcb.status()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.fmspc()).isEqualTo(FMSPC);
    assertThat(verify(pki.verifier(), new SyntheticTdx.Td(), pki.collateral()).tcbStatus()).isEqualTo("UpToDate");
  }

  @Test
  void aPlatformBelowTheFirstLevelGetsTheNextLevelsStatusAndAdvisories() throws Exception {
    SyntheticTdx old = new SyntheticTdx(SGX_OLD, 13);
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.teeTcbSvn[2] = 2; // TDX late microcode behind as well
    TdxTcbEvaluation tcb = old.verifier().build().evaluateTcb(TdxQuote.parse(old.quote(td)), old.collateral().build(), AT);
    assertThat(tcb.status()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.platformStatus()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.advisoryIds()).containsExactly("INTEL-SA-01079");
    assertReason(() -> {
      byte[] quote = old.quote(td);
      old.verifier().allowImageHash(TdxQuote.parse(quote).measurements().imageHash()).build()
          .verify(AttestationEvidence.of("tdx", quote, old.collateral().build().encode()), td.reportData, AT);
    }, ErrorCode.ATTESTATION_REJECTED, "TCB status OutOfDate [INTEL-SA-01079] is not accepted");
  }

  @Test
  void theModulesOwnSvnsCountInTheLevelsOnlyWhenItHasNoIdentity() throws Exception {
    // Major version 1 has an identity (TDX_01): TEE TCB SVN[0] (module SVN 4 < the level's 5)
    // is judged by it, and the platform level compares from index 2.
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.teeTcbSvn[0] = 4;
    TdxTcbEvaluation tcb = evaluate(td);
    assertThat(tcb.platformStatus()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.moduleStatus()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    // Major version 0 (TDX 1.0) has none: all 16 SVNs count against the levels.
    SyntheticTdx.Td v0 = new SyntheticTdx.Td();
    v0.teeTcbSvn = new byte[] {5, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(evaluate(v0).status()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    v0.teeTcbSvn[0] = 4;
    assertReason(() -> evaluate(v0), ErrorCode.ATTESTATION_INVALID, "no TCB level");
  }

  @Test
  void aQuoteUnderAnotherRootIsRefusedByTheIntelPinnedVerifier() throws Exception {
    assertReason(() -> TdxVerifier.builder().build().evaluateTcb(TdxQuote.parse(pki.quote(new SyntheticTdx.Td())),
        pki.collateral().build(), AT), ErrorCode.ATTESTATION_INVALID, "does not end at the pinned root");
  }

  @Test
  void anOldQuotingEnclaveMakesAnUpToDatePlatformOutOfDate() throws Exception {
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.qeIsvSvn = 3;
    TdxTcbEvaluation tcb = evaluate(td);
    assertThat(tcb.platformStatus()).isEqualTo(TdxTcbStatus.UP_TO_DATE);
    assertThat(tcb.qeStatus()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.status()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.advisoryIds()).containsExactly("INTEL-SA-00615");
    td.qeIsvSvn = 1; // below every level
    assertThat(evaluate(td).qeStatus()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
  }

  @Test
  void anOldTdxModuleMakesItOutOfDateAndARevokedOneRevoked() throws Exception {
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.teeTcbSvn[0] = 5;
    TdxTcbEvaluation tcb = evaluate(td);
    assertThat(tcb.moduleStatus()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.status()).isEqualTo(TdxTcbStatus.OUT_OF_DATE);
    assertThat(tcb.advisoryIds()).containsExactly("INTEL-SA-01036");

    SyntheticTdx.Collateral c = pki.collateral();
    c.tcbInfo = tcbInfo(FMSPC, moduleIdentity("TDX_01", zeros(48), isvLevel(6, "UpToDate"), isvLevel(5, "Revoked")),
        platformLevel(SGX_UP, 13, TDX_UP, "UpToDate"));
    assertThat(evaluate(td, c).status()).isEqualTo(TdxTcbStatus.REVOKED);
  }

  @Test
  void configurationNeededConvergesToOutOfDateConfigurationNeeded() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.tcbInfo = tcbInfo(FMSPC, moduleIdentity("TDX_01", zeros(48), isvLevel(7, "UpToDate"), isvLevel(0, "OutOfDate")),
        platformLevel(SGX_UP, 13, TDX_UP, "ConfigurationNeeded", "INTEL-SA-00828"));
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    assertThat(evaluate(td, c).status()).isEqualTo(TdxTcbStatus.CONFIGURATION_NEEDED);
    td.teeTcbSvn[0] = 6;
    assertThat(evaluate(td, c).status()).isEqualTo(TdxTcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
  }

  @Test
  void aRevokedLevelIsNeverAccepted() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.tcbInfo = tcbInfo(FMSPC, moduleIdentity("TDX_01", zeros(48), isvLevel(6, "UpToDate")),
        platformLevel(SGX_UP, 13, TDX_UP, "Revoked", "INTEL-SA-00999"));
    assertThat(evaluate(new SyntheticTdx.Td(), c).status()).isEqualTo(TdxTcbStatus.REVOKED);
    assertThatThrownBy(() -> pki.verifier().acceptTcbStatus(TdxTcbStatus.REVOKED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pki.verifier().acceptTcbStatus(TdxTcbStatus.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
    assertReason(() -> verify(pki.verifier().acceptTcbStatus(TdxTcbStatus.SW_HARDENING_NEEDED, TdxTcbStatus.OUT_OF_DATE),
        new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_REJECTED, "TCB status Revoked");
  }

  @Test
  void softwareHardeningNeededIsAcceptedOnlyWhenThePolicySaysSo() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.tcbInfo = tcbInfo(FMSPC, moduleIdentity("TDX_01", zeros(48), isvLevel(6, "UpToDate")),
        platformLevel(SGX_UP, 13, TDX_UP, "SWHardeningNeeded", "INTEL-SA-00615"));
    assertReason(() -> verify(pki.verifier(), new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_REJECTED,
        "SWHardeningNeeded [INTEL-SA-00615] is not accepted (accepted: UpToDate)");
    AttestationResult ok = verify(pki.verifier().acceptTcbStatus(TdxTcbStatus.SW_HARDENING_NEEDED),
        new SyntheticTdx.Td(), c);
    assertThat(ok.tcbStatus()).isEqualTo("SWHardeningNeeded");
    assertThat(ok.advisoryIds()).containsExactly("INTEL-SA-00615");
  }

  @Test
  void aPlatformBelowEveryLevelIsNotSupported() throws Exception {
    SyntheticTdx ancient = new SyntheticTdx(new int[16], 1);
    assertReason(() -> ancient.verifier().build().evaluateTcb(TdxQuote.parse(ancient.quote(new SyntheticTdx.Td())),
        ancient.collateral().build(), AT), ErrorCode.ATTESTATION_INVALID, "no TCB level");
  }

  @Test
  void aRevokedPckCertificateIsRefused() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.revokedByCa = new BigInteger[] {BigInteger.ONE, pki.pck.getSerialNumber()};
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID, "is revoked");
  }

  @Test
  void aRevokedPlatformCaOrTcbSignerIsRefused() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.revokedByRoot = new BigInteger[] {pki.ca.getSerialNumber()};
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID,
        "CN=Intel SGX PCK Platform CA' (serial");
    c.revokedByRoot = new BigInteger[] {pki.tcbSigner.getSerialNumber()};
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID, "CN=Intel SGX TCB Signing' (serial");
  }

  @Test
  void tcbInfoSignedByAPckKeyIsRefused() throws Exception {
    // A PCK key is certified by Intel too; one extracted from a platform must not vouch for TCBs.
    SyntheticTdx.Collateral c = pki.collateral();
    c.documentKey = pki.pckKey.getPrivate();
    c.documentChain = SyntheticTdx.pem(pki.pck) + SyntheticTdx.pem(pki.ca) + SyntheticTdx.pem(pki.root);
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID,
        "must be Intel's TCB signing certificate");
  }

  @Test
  void aPckCrlFromAnotherCaIsRefused() throws Exception {
    SyntheticTdx other = new SyntheticTdx();
    SyntheticTdx.Collateral c = pki.collateral();
    c.pckCrlChain = SyntheticTdx.pem(other.ca) + SyntheticTdx.pem(other.root);
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID, "does not end at the pinned root");
    SyntheticTdx.Collateral forged = pki.collateral();
    forged.pckCrlKey = other.caKey; // same name, another key
    assertReason(() -> evaluate(new SyntheticTdx.Td(), forged), ErrorCode.ATTESTATION_INVALID,
        "PCK CRL signature does not verify");
  }

  @Test
  void aQuotingEnclaveOtherThanIntelsIsRefused() throws Exception {
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.qeMrSigner = zeros(32);
    assertReason(() -> evaluate(td), ErrorCode.ATTESTATION_INVALID, "quoting enclave is not the one");
    SyntheticTdx.Td product = new SyntheticTdx.Td();
    product.qeProdId = 1; // the SGX QE, not the TD QE
    assertReason(() -> evaluate(product), ErrorCode.ATTESTATION_INVALID, "quoting enclave is not the one");
  }

  @Test
  void aTdxModuleNotSignedByIntelOrOfAnUnknownVersionIsRefused() throws Exception {
    SyntheticTdx.Td td = new SyntheticTdx.Td();
    td.mrSignerSeam[0] = 1;
    assertReason(() -> evaluate(td), ErrorCode.ATTESTATION_INVALID, "TDX module's signer or attributes");
    SyntheticTdx.Td v9 = new SyntheticTdx.Td();
    v9.teeTcbSvn[1] = 9;
    assertReason(() -> evaluate(v9), ErrorCode.ATTESTATION_INVALID, "major version 9 is not in the TCB info");
  }

  @Test
  void unknownDocumentVersionsTypesAndStatusesAreRefused() throws Exception {
    SyntheticTdx.Collateral c = pki.collateral();
    c.tcbInfo = SyntheticTdx.defaultTcbInfo().replace("\"version\":3", "\"version\":4");
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID, "not TDX version 3");
    c.tcbInfo = SyntheticTdx.defaultTcbInfo().replace("\"tcbType\":0", "\"tcbType\":1");
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.ATTESTATION_INVALID, "tcbType 1");
    c.tcbInfo = SyntheticTdx.defaultTcbInfo().replace("\"OutOfDate\"", "\"Mostly\"");
    assertReason(() -> evaluate(new SyntheticTdx.Td(), c), ErrorCode.MALFORMED, "unknown tcbStatus 'Mostly'");
    SyntheticTdx.Collateral qe = pki.collateral();
    qe.qeIdentity = qeIdentity(QE_MRSIGNER, isvLevel(4, "UpToDate")).replace("TD_QE", "QE");
    assertReason(() -> evaluate(new SyntheticTdx.Td(), qe), ErrorCode.ATTESTATION_INVALID, "not TD_QE version 2");
    qe.qeIdentity = "{\"id\":\"TD_QE\",\"version\":2}";
    assertReason(() -> evaluate(new SyntheticTdx.Td(), qe), ErrorCode.MALFORMED, "'issueDate'");
  }

  @Test
  void theCollateralMustBeCurrent() throws Exception {
    Instant afterNextUpdate = SyntheticTdx.NEXT_UPDATE.plusSeconds(1);
    TdxTcbEvaluation tcb = pki.verifier().build().evaluateTcb(TdxQuote.parse(pki.quote(new SyntheticTdx.Td())),
        pki.collateral().build(), afterNextUpdate);
    assertReason(() -> pki.verifier().build().checkAccepted(tcb, afterNextUpdate), ErrorCode.ATTESTATION_REJECTED,
        "collateral expired at 2026-02-01T00:00:00Z");
    pki.verifier().collateralGracePeriod(java.time.Duration.ofSeconds(1)).build().checkAccepted(tcb, afterNextUpdate);
  }
}
