package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.IntelDocuments.IsvLevel;
import dev.silk.crypto.attestation.tdx.IntelDocuments.ModuleIdentity;
import dev.silk.crypto.attestation.tdx.IntelDocuments.PlatformLevel;
import dev.silk.crypto.attestation.tdx.IntelDocuments.QeIdentity;
import dev.silk.crypto.attestation.tdx.IntelDocuments.TcbInfo;
import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Checks a quote's collateral and reads the TCB status from it, as Intel's TDX quote
 * verification does: the root CA CRL signed by the pinned root; the PCK CRL signed by the CA
 * that issued the PCK certificate; no certificate of any chain revoked; the TCB info and QE
 * identity signed by Intel's TCB signing certificate, issued directly by the root; the TCB
 * info for the PCK certificate's FMSPC and PCE ID; the quoting enclave and the TDX module
 * matching their identities; and the first TCB level that the platform meets. Stateless.
 */
final class TcbEvaluator {
  /**
   * The only subject allowed to sign TCB info and QE identities (a PCK key, also certified by
   * Intel, cannot). RFC 2253 order: the last RDN of the certificate's sequence comes first.
   */
  static final X500Principal TCB_SIGNER =
      new X500Principal("C=US, ST=CA, L=Santa Clara, O=Intel Corporation, CN=Intel SGX TCB Signing");

  private TcbEvaluator() {}

  /**
   * @param pckChain the quote's PCK chain, already checked up to the pinned root at {@code now}
   * @param check how the collateral's signatures are checked (a verifier's memo: they are shared)
   */
  static TdxTcbEvaluation evaluate(TdxQuote quote, List<X509Certificate> pckChain, TdxCollateral collateral,
      byte[] pinnedRootSha256, Instant now, IntelPki.SignatureCheck check) throws SilkCryptoException {
    X509Certificate root = pckChain.get(pckChain.size() - 1);
    X509CRL rootCrl = IntelPki.crl(collateral.rootCaCrl(), "root CA CRL");
    IntelPki.checkCrl(rootCrl, root, "root CA CRL", check);

    X509Certificate pckIssuer = pckChain.get(1);
    List<X509Certificate> crlChain = IntelPki.certificates(
        IntelPki.pemCertificates(collateral.pckCrlIssuerChain(), "PCK CRL issuer chain"), "PCK CRL issuer chain");
    // Usually the very certificates above the PCK certificate, already checked; otherwise (a
    // reissued CA certificate) the chain is checked and must name the same CA with the same key.
    if (!sameCertificates(crlChain, pckChain.subList(1, pckChain.size()))) {
      IntelPki.checkChain(crlChain, pinnedRootSha256, now, "PCK CRL issuer chain", check);
      if (!crlChain.get(0).getSubjectX500Principal().equals(pckIssuer.getSubjectX500Principal())
          || !crlChain.get(0).getPublicKey().equals(pckIssuer.getPublicKey())) {
        throw IntelPki.invalid("the PCK CRL's issuer chain does not start at the CA that issued the PCK certificate");
      }
    }
    X509CRL pckCrl = IntelPki.crl(collateral.pckCrl(), "PCK CRL");
    IntelPki.checkCrl(pckCrl, pckIssuer, "PCK CRL", check);
    IntelPki.checkNotRevoked(pckCrl, pckChain.get(0));
    for (int i = 1; i < pckChain.size() - 1; i++) {
      IntelPki.checkNotRevoked(rootCrl, pckChain.get(i));
    }

    X509Certificate tcbSigner = signer(collateral.tcbInfoIssuerChain(), "TCB info issuer chain", pinnedRootSha256, now,
        rootCrl, check);
    if (!check.verify(tcbSigner.getPublicKey(), utf8(collateral.tcbInfo()), collateral.tcbInfoSignature())) {
      throw IntelPki.invalid("TCB info signature does not verify under Intel's TCB signing key");
    }
    // Intel signs both documents with one certificate: its chain is checked once.
    X509Certificate qeSigner = Arrays.equals(collateral.qeIdentityIssuerChain(), collateral.tcbInfoIssuerChain())
        ? tcbSigner
        : signer(collateral.qeIdentityIssuerChain(), "QE identity issuer chain", pinnedRootSha256, now, rootCrl,
            check);
    if (!check.verify(qeSigner.getPublicKey(), utf8(collateral.qeIdentity()), collateral.qeIdentitySignature())) {
      throw IntelPki.invalid("QE identity signature does not verify under Intel's TCB signing key");
    }
    TcbInfo tcb = TcbInfo.parse(collateral.tcbInfo());
    QeIdentity qe = QeIdentity.parse(collateral.qeIdentity());

    PckCertificate pck = PckCertificate.of(pckChain.get(0));
    if (!Arrays.equals(pck.fmspc, tcb.fmspc) || !Arrays.equals(pck.pceId, tcb.pceId)) {
      throw IntelPki.invalid("TCB info is for FMSPC " + Hex.encode(tcb.fmspc) + " / PCE " + Hex.encode(tcb.pceId)
          + ", the PCK certificate is FMSPC " + Hex.encode(pck.fmspc) + " / PCE " + Hex.encode(pck.pceId));
    }

    byte[] teeTcbSvn = quote.measurements().teeTcbSvn();
    int moduleSvn = teeTcbSvn[0] & 0xFF;
    int moduleMajor = teeTcbSvn[1] & 0xFF;
    ModuleIdentity expectedModule = tcb.tdxModule;
    IsvLevel moduleLevel = null;
    if (moduleMajor > 0 && !tcb.moduleIdentities.isEmpty()) {
      expectedModule = tcb.moduleIdentity(moduleMajor);
      if (expectedModule == null) {
        throw IntelPki.invalid("TDX module major version " + moduleMajor + " is not in the TCB info");
      }
      moduleLevel = IsvLevel.matching(expectedModule.levels, moduleSvn);
      if (moduleLevel == null) {
        throw IntelPki.invalid("TDX module SVN " + moduleSvn + " is below every level of " + expectedModule.id);
      }
    }
    if (!Arrays.equals(quote.mrSignerSeam(), expectedModule.mrSigner)
        || !maskedEqual(quote.seamAttributes(), expectedModule.attributes, expectedModule.attributesMask)) {
      throw IntelPki.invalid("the TDX module's signer or attributes differ from the TCB info");
    }

    PlatformLevel platform = platformLevel(tcb, pck, teeTcbSvn, moduleMajor > 0);
    IsvLevel qeLevel = quotingEnclaveLevel(qe, quote.qeReport());

    Instant issued = latest(tcb.issueDate, qe.issueDate, rootCrl.getThisUpdate().toInstant(),
        pckCrl.getThisUpdate().toInstant());
    Instant nextUpdate = earliest(tcb.nextUpdate, qe.nextUpdate, rootCrl.getNextUpdate().toInstant(),
        pckCrl.getNextUpdate().toInstant());
    return new TdxTcbEvaluation(platform.status,
        qeLevel == null ? TdxTcbStatus.OUT_OF_DATE : qeLevel.status,
        moduleLevel == null ? TdxTcbStatus.UP_TO_DATE : moduleLevel.status,
        Arrays.asList(platform.advisories, advisories(qeLevel), advisories(moduleLevel)),
        tcb.fmspc, platform.tcbDate, tcb.evaluationDataNumber, issued, nextUpdate);
  }

  /**
   * The first level the platform meets: every SGX component and the PCE SVN from the PCK
   * certificate at least the level's, and every TEE TCB SVN of the TD report at least the
   * level's TDX component, from index 2 when the module has its own identity (indices 0 and 1
   * are then its SVN and version, judged by that identity).
   */
  private static PlatformLevel platformLevel(TcbInfo tcb, PckCertificate pck, byte[] teeTcbSvn, boolean moduleByIdentity)
      throws SilkCryptoException {
    int tdxFrom = moduleByIdentity ? 2 : 0;
    for (PlatformLevel level : tcb.levels) {
      boolean meets = pck.pceSvn >= level.pceSvn;
      for (int i = 0; i < 16 && meets; i++) {
        meets = pck.sgxTcbComponents[i] >= level.sgxComponents[i];
      }
      for (int i = tdxFrom; i < 16 && meets; i++) {
        meets = (teeTcbSvn[i] & 0xFF) >= level.tdxComponents[i];
      }
      if (meets) {
        return level;
      }
    }
    throw IntelPki.invalid("no TCB level of the TCB info matches this platform (TCB not supported)");
  }

  /** Checks that the QE is the one Intel describes; its level, or null if below every level. */
  private static IsvLevel quotingEnclaveLevel(QeIdentity qe, byte[] report) throws SilkCryptoException {
    byte[] mrSigner = Arrays.copyOfRange(report, 128, 160);
    int prodId = (report[256] & 0xFF) | (report[257] & 0xFF) << 8;
    int isvSvn = (report[258] & 0xFF) | (report[259] & 0xFF) << 8;
    // MISCSELECT is a little-endian u32 in the report, a big-endian hex number in the identity.
    byte[] miscSelect = {report[19], report[18], report[17], report[16]};
    if (!Arrays.equals(mrSigner, qe.mrSigner) || prodId != qe.isvProdId
        || !maskedEqual(miscSelect, qe.miscSelect, qe.miscSelectMask)
        || !maskedEqual(Arrays.copyOfRange(report, 48, 64), qe.attributes, qe.attributesMask)) {
      throw IntelPki.invalid("the quoting enclave is not the one Intel's QE identity describes");
    }
    return IsvLevel.matching(qe.levels, isvSvn);
  }

  /** The signing certificate of a TCB info or QE identity chain: Intel's TCB signer, issued by the root. */
  private static X509Certificate signer(byte[] pem, String what, byte[] pinnedRootSha256, Instant now, X509CRL rootCrl,
      IntelPki.SignatureCheck check) throws SilkCryptoException {
    List<X509Certificate> chain = IntelPki.certificates(IntelPki.pemCertificates(pem, what), what);
    IntelPki.checkChain(chain, pinnedRootSha256, now, what, check);
    if (chain.size() != 2 || !chain.get(0).getSubjectX500Principal().equals(TCB_SIGNER)) {
      throw IntelPki.invalid(what + " must be Intel's TCB signing certificate and the root, not '"
          + chain.get(0).getSubjectX500Principal().getName() + "'");
    }
    IntelPki.checkNotRevoked(rootCrl, chain.get(0));
    return chain.get(0);
  }

  private static boolean sameCertificates(List<X509Certificate> a, List<X509Certificate> b) {
    if (a.size() != b.size()) {
      return false;
    }
    try {
      for (int i = 0; i < a.size(); i++) {
        if (!Arrays.equals(a.get(i).getEncoded(), b.get(i).getEncoded())) {
          return false;
        }
      }
      return true;
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  private static boolean maskedEqual(byte[] actual, byte[] expected, byte[] mask) {
    int diff = actual.length ^ expected.length;
    for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
      diff |= (actual[i] & mask[i]) ^ (expected[i] & mask[i]);
    }
    return diff == 0;
  }

  private static List<String> advisories(IsvLevel level) {
    return level == null ? Collections.<String>emptyList() : level.advisories;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Instant latest(Instant... instants) {
    Instant out = instants[0];
    for (Instant i : instants) {
      out = i.isAfter(out) ? i : out;
    }
    return out;
  }

  private static Instant earliest(Instant... instants) {
    Instant out = instants[0];
    for (Instant i : instants) {
      out = i.isBefore(out) ? i : out;
    }
    return out;
  }
}
