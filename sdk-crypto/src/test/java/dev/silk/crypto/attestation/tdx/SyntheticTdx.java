package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Hashes;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An Intel-shaped PKI under a test root, to drive every path of the TCB evaluation that the
 * one real quote cannot: a root, a PCK platform CA, a PCK certificate with an SGX extension,
 * Intel's TCB signing certificate; quotes, TCB info and QE identities signed under them; CRLs
 * that revoke what a test asks. Verify with {@link #verifier()}, pinned to this root.
 */
public final class SyntheticTdx {
  public static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  public static final Instant NEXT_UPDATE = Instant.parse("2026-02-01T00:00:00Z");
  public static final Instant AT = Instant.parse("2026-01-15T00:00:00Z");
  static final String FMSPC = "90c06f000000";
  static final String QE_MRSIGNER = "DC9E2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5";
  private static final String O = ", O=Intel Corporation, L=Santa Clara, ST=CA, C=US";
  private static final String SGX = "1.2.840.113741.1.13.1";
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  final KeyPair rootKey = ecKey();
  final KeyPair caKey = ecKey();
  final KeyPair pckKey = ecKey();
  final KeyPair tcbKey = ecKey();
  final KeyPair attestationKey = ecKey();
  final X509Certificate root;
  final X509Certificate ca;
  final X509Certificate pck;
  final X509Certificate tcbSigner;

  /** The platform of the PCK certificate: SGX components 3,3,2,2,4,1,0,5 (then zeros), PCE SVN 13. */
  public SyntheticTdx() {
    this(new int[] {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0}, 13);
  }

  SyntheticTdx(int[] sgxComponents, int pceSvn) {
    root = certificate("CN=Intel SGX Root CA" + O, rootKey, "CN=Intel SGX Root CA" + O, rootKey, true, null);
    ca = certificate("CN=Intel SGX PCK Platform CA" + O, caKey, "CN=Intel SGX Root CA" + O, rootKey, true, null);
    pck = certificate("CN=Intel SGX PCK Certificate" + O, pckKey, "CN=Intel SGX PCK Platform CA" + O, caKey, false,
        sgxExtension(sgxComponents, pceSvn));
    tcbSigner = certificate("CN=Intel SGX TCB Signing" + O, tcbKey, "CN=Intel SGX Root CA" + O, rootKey, false, null);
  }

  public TdxVerifier.Builder verifier() throws Exception {
    return TdxVerifier.builderPinnedToTestRoot(Hashes.sha256(root.getEncoded()));
  }

  // ---- quotes ----

  /** What a test may vary in a quote. */
  public static final class Td {
    byte[] teeTcbSvn = {7, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    byte[] mrSignerSeam = new byte[48];
    byte[] seamAttributes = new byte[8];
    public byte[] reportData = new byte[64];
    /** TD attributes; bit 0 of the first byte is DEBUG. */
    public byte[] tdAttributes = {0, 0, 0, 0x10, 0, 0, 0, 0};
    int qeIsvSvn = 6;
    int qeProdId = 2;
    String qeMrSigner = QE_MRSIGNER;
  }

  public byte[] quote(Td td) throws Exception {
    ByteBuffer body = ByteBuffer.allocate(TdxQuote.SIGNED).order(ByteOrder.LITTLE_ENDIAN);
    body.putShort((short) 4).putShort((short) 2).putInt(0x81).putInt(0);
    body.put(new byte[16]).put(new byte[20]); // QE vendor, user data
    body.put(td.teeTcbSvn).put(new byte[48]).put(td.mrSignerSeam).put(td.seamAttributes);
    body.put(td.tdAttributes).put(new byte[8]); // TD attributes (SEPT_VE_DISABLE), XFAM
    for (int i = 0; i < 8; i++) {
      body.put(filled(48, i + 1)); // MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG, RTMR0-3
    }
    body.put(td.reportData);
    byte[] signed = body.array();

    byte[] attKey = rawPoint((ECPublicKey) attestationKey.getPublic());
    byte[] authData = "synthetic QE auth data".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer qe = ByteBuffer.allocate(TdxQuote.QE_REPORT).order(ByteOrder.LITTLE_ENDIAN);
    qe.put(new byte[16]).putInt(0).put(new byte[28]);
    qe.put(Hex.decode("1500000000000000e700000000000000")); // attributes, as Intel's TD QE has them
    qe.put(new byte[32]).put(new byte[32]).put(Hex.decode(td.qeMrSigner)).put(new byte[96]);
    qe.putShort((short) td.qeProdId).putShort((short) td.qeIsvSvn).put(new byte[60]);
    qe.put(Hashes.sha256(attKey, authData)).put(new byte[32]);
    byte[] qeReport = qe.array();

    byte[] pem = (pem(pck) + pem(ca) + pem(root)).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream certData = new ByteArrayOutputStream();
    certData.write(qeReport);
    certData.write(sign(pckKey.getPrivate(), qeReport));
    certData.write(le16(authData.length));
    certData.write(authData);
    certData.write(le16(5));
    certData.write(le32(pem.length));
    certData.write(pem);
    byte[] cert = certData.toByteArray();

    ByteArrayOutputStream sig = new ByteArrayOutputStream();
    sig.write(sign(attestationKey.getPrivate(), signed));
    sig.write(attKey);
    sig.write(le16(6));
    sig.write(le32(cert.length));
    sig.write(cert);
    byte[] signature = sig.toByteArray();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(signed);
    out.write(le32(signature.length));
    out.write(signature);
    return out.toByteArray();
  }

  // ---- collateral ----

  /** A platform TCB level of TCB info. */
  static String platformLevel(int[] sgx, int pceSvn, int[] tdx, String status, String... advisories) {
    return "{\"tcb\":{\"sgxtcbcomponents\":" + components(sgx) + ",\"pcesvn\":" + pceSvn + ",\"tdxtcbcomponents\":"
        + components(tdx) + "},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\"" + status + "\""
        + advisories(advisories) + "}";
  }

  private static String components(int[] svns) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 16; i++) {
      b.append(i == 0 ? "" : ",").append("{\"svn\":").append(svns[i]).append('}');
    }
    return b.append(']').toString();
  }

  /** A level keyed by ISV SVN (QE identity, module identity). */
  static String isvLevel(int isvSvn, String status, String... advisories) {
    return "{\"tcb\":{\"isvsvn\":" + isvSvn + "},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\"" + status + "\""
        + advisories(advisories) + "}";
  }

  static String moduleIdentity(String id, String mrSigner, String... levels) {
    return "{\"id\":\"" + id + "\",\"mrsigner\":\"" + mrSigner + "\",\"attributes\":\"0000000000000000\","
        + "\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":[" + String.join(",", levels) + "]}";
  }

  static String tcbInfo(String fmspc, String moduleIdentities, String... levels) {
    return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + ISSUED + "\",\"nextUpdate\":\"" + NEXT_UPDATE
        + "\",\"fmspc\":\"" + fmspc + "\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":19,"
        + "\"tdxModule\":{\"mrsigner\":\"" + zeros(48) + "\",\"attributes\":\"0000000000000000\","
        + "\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},\"tdxModuleIdentities\":[" + moduleIdentities + "],"
        + "\"tcbLevels\":[" + String.join(",", levels) + "]}";
  }

  static String qeIdentity(String mrSigner, String... levels) {
    return "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + ISSUED + "\",\"nextUpdate\":\"" + NEXT_UPDATE + "\","
        + "\"tcbEvaluationDataNumber\":19,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\","
        + "\"attributes\":\"11000000000000000000000000000000\",\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
        + "\"mrsigner\":\"" + mrSigner + "\",\"isvprodid\":2,\"tcbLevels\":[" + String.join(",", levels) + "]}";
  }

  static final int[] SGX_UP = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
  static final int[] SGX_OLD = {2, 2, 2, 2, 3, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
  static final int[] TDX_UP = {5, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  static final int[] TDX_OLD = {5, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  /** TCB info shaped like Intel's for this platform: TDX_01 module levels 6 and 4, platform levels up to date and older. */
  static String defaultTcbInfo() {
    return tcbInfo(FMSPC,
        moduleIdentity("TDX_01", zeros(48), isvLevel(6, "UpToDate"), isvLevel(4, "OutOfDate", "INTEL-SA-01036")),
        platformLevel(SGX_UP, 13, TDX_UP, "UpToDate"),
        platformLevel(SGX_OLD, 13, TDX_OLD, "OutOfDate", "INTEL-SA-01079"));
  }

  static String defaultQeIdentity() {
    return qeIdentity(QE_MRSIGNER, isvLevel(4, "UpToDate"), isvLevel(2, "OutOfDate", "INTEL-SA-00615"));
  }

  /** What a test may vary in the collateral. */
  public final class Collateral {
    String tcbInfo = defaultTcbInfo();
    String qeIdentity = defaultQeIdentity();
    PrivateKey documentKey = tcbKey.getPrivate();
    String documentChain = pem(tcbSigner) + pem(root);
    BigInteger[] revokedByCa = {};
    BigInteger[] revokedByRoot = {};
    KeyPair pckCrlKey = caKey;
    String pckCrlChain = pem(ca) + pem(root);

    public TdxCollateral build() throws Exception {
      return TdxCollateral.builder()
          .tcbInfo(tcbInfo, sign(documentKey, tcbInfo.getBytes(StandardCharsets.UTF_8)), documentChain)
          .qeIdentity(qeIdentity, sign(documentKey, qeIdentity.getBytes(StandardCharsets.UTF_8)), documentChain)
          .pckCrl(crl("CN=Intel SGX PCK Platform CA" + O, pckCrlKey, revokedByCa).getEncoded(), pckCrlChain)
          .rootCaCrl(crl("CN=Intel SGX Root CA" + O, rootKey, revokedByRoot).getEncoded())
          .build();
    }
  }

  public Collateral collateral() {
    return new Collateral();
  }

  // ---- PKI plumbing ----

  static String pem(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String advisories(String[] ids) {
    if (ids.length == 0) {
      return "";
    }
    return ",\"advisoryIDs\":[\"" + String.join("\",\"", ids) + "\"]";
  }

  static String zeros(int bytes) {
    return Hex.encode(new byte[bytes]);
  }

  private static X509CRL crl(String issuer, KeyPair key, BigInteger[] revoked) throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(issuer), Date.from(ISSUED));
    b.setNextUpdate(Date.from(NEXT_UPDATE));
    for (BigInteger serial : revoked) {
      b.addCRLEntry(serial, Date.from(ISSUED), CRLReason.keyCompromise);
    }
    return new JcaX509CRLConverter().getCRL(b.build(signer(key.getPrivate())));
  }

  private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
      boolean ca, ASN1Encodable sgxExtension) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(Instant.parse("2020-01-01T00:00:00Z")),
          Date.from(Instant.parse("2040-01-01T00:00:00Z")), new X500Name(subject), subjectKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (sgxExtension != null) {
        b.addExtension(new ASN1ObjectIdentifier(SGX), false, sgxExtension);
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ASN1Encodable sgxExtension(int[] components, int pceSvn) {
    ASN1Encodable[] tcb = new ASN1Encodable[18];
    for (int i = 0; i < 16; i++) {
      tcb[i] = field(SGX + ".2." + (i + 1), new ASN1Integer(components[i]));
    }
    tcb[16] = field(SGX + ".2.17", new ASN1Integer(pceSvn));
    byte[] cpuSvn = new byte[16];
    for (int i = 0; i < 16; i++) {
      cpuSvn[i] = (byte) components[i];
    }
    tcb[17] = field(SGX + ".2.18", new DEROctetString(cpuSvn));
    return new DERSequence(new ASN1Encodable[] {
        field(SGX + ".1", new DEROctetString(new byte[16])),
        field(SGX + ".2", new DERSequence(tcb)),
        field(SGX + ".3", new DEROctetString(new byte[2])),
        field(SGX + ".4", new DEROctetString(Hex.decode(FMSPC))),
        field(SGX + ".5", new ASN1Enumerated(0))});
  }

  private static DERSequence field(String oid, ASN1Encodable value) {
    return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
  }

  private static ContentSigner signer(PrivateKey key) throws Exception {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }

  static byte[] sign(PrivateKey key, byte[] message) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  private static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] rawPoint(ECPublicKey key) {
    byte[] out = new byte[64];
    byte[] x = unsigned(key.getW().getAffineX(), 32);
    byte[] y = unsigned(key.getW().getAffineY(), 32);
    System.arraycopy(x, 0, out, 0, 32);
    System.arraycopy(y, 0, out, 32, 32);
    return out;
  }

  private static byte[] unsigned(BigInteger v, int length) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(b.length, length);
    System.arraycopy(b, b.length - copy, out, length - copy, copy);
    return out;
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8)};
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }
}
