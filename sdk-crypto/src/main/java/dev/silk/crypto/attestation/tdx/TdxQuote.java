package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A parsed Intel DCAP quote v4 for a TD (TEE type 0x81, ECDSA P-256 attestation key), with QE
 * report certification data (type 6) holding the PCK certificate chain (type 5). Every length is
 * checked; any malformation is a {@link SilkCryptoException} with {@link ErrorCode#MALFORMED},
 * {@link ErrorCode#UNSUPPORTED_VERSION} or {@link ErrorCode#ATTESTATION_INVALID}, never an
 * exception from deep inside. Parsing checks structure only: {@link TdxVerifier} checks
 * signatures and chain. Immutable and thread-safe.
 */
public final class TdxQuote {
  static final int HEADER = 48;
  static final int BODY = 584;
  static final int SIGNED = HEADER + BODY;
  static final int QE_REPORT = 384;
  private static final int TEE_TDX = 0x81;
  private static final int ECDSA_P256 = 2;
  private static final int CERT_QE_REPORT = 6;
  private static final int CERT_PCK_CHAIN = 5;
  private static final int MAX_QUOTE = 64 << 10;

  private final byte[] signedPart;
  private final byte[] mrSignerSeam;
  private final byte[] seamAttributes;
  private final TdxMeasurements measurements;
  private final byte[] quoteSignature;
  private final byte[] attestationKey;
  private final byte[] qeReport;
  private final byte[] qeReportSignature;
  private final byte[] qeAuthData;
  private final List<byte[]> pckChainDer;

  private TdxQuote(byte[] signedPart, byte[] mrSignerSeam, byte[] seamAttributes, TdxMeasurements measurements, byte[] quoteSignature, byte[] attestationKey,
      byte[] qeReport, byte[] qeReportSignature, byte[] qeAuthData, List<byte[]> pckChainDer) {
    this.signedPart = signedPart;
    this.mrSignerSeam = mrSignerSeam;
    this.seamAttributes = seamAttributes;
    this.measurements = measurements;
    this.quoteSignature = quoteSignature;
    this.attestationKey = attestationKey;
    this.qeReport = qeReport;
    this.qeReportSignature = qeReportSignature;
    this.qeAuthData = qeAuthData;
    this.pckChainDer = pckChainDer;
  }

  /**
   * Parses a quote that is exactly as long as its declared parts.
   *
   * @throws SilkCryptoException for any malformation, an unknown version, TEE or key type
   */
  public static TdxQuote parse(byte[] quote) throws SilkCryptoException {
    if (quote == null || quote.length > MAX_QUOTE) {
      throw malformed("quote missing or larger than " + MAX_QUOTE + " bytes");
    }
    Reader in = new Reader(quote);
    int version = in.u16();
    if (version != 4) {
      throw new SilkCryptoException(ErrorCode.UNSUPPORTED_VERSION, "tdx quote version " + version);
    }
    int keyType = in.u16();
    int teeType = (int) in.u32();
    if (teeType != TEE_TDX || keyType != ECDSA_P256) {
      throw new SilkCryptoException(ErrorCode.ATTESTATION_INVALID,
          "not a TDX quote with an ECDSA P-256 key (tee 0x" + Integer.toHexString(teeType) + ", key " + keyType + ")");
    }
    in.skip(HEADER - 8);
    byte[] teeTcbSvn = in.bytes(16);
    in.skip(48); // MRSEAM
    byte[] mrSignerSeam = in.bytes(48);
    byte[] seamAttributes = in.bytes(8);
    byte[] tdAttributes = in.bytes(8);
    in.skip(8); // XFAM
    byte[] mrTd = in.bytes(48);
    byte[] mrConfigId = in.bytes(48);
    byte[] mrOwner = in.bytes(48);
    byte[] mrOwnerConfig = in.bytes(48);
    byte[][] rtmr = {in.bytes(48), in.bytes(48), in.bytes(48), in.bytes(48)};
    byte[] reportData = in.bytes(64);
    long signatureLength = in.u32();
    if (signatureLength != in.remaining()) {
      throw malformed("signature data length " + signatureLength + " but " + in.remaining() + " bytes follow");
    }
    byte[] quoteSignature = in.bytes(64);
    byte[] attestationKey = in.bytes(64);
    int certType = in.u16();
    long certSize = in.u32();
    if (certType != CERT_QE_REPORT || certSize != in.remaining()) {
      throw malformed("expected QE report certification data (type 6) filling the quote");
    }
    byte[] qeReport = in.bytes(QE_REPORT);
    byte[] qeReportSignature = in.bytes(64);
    byte[] qeAuthData = in.bytes(in.u16());
    int chainType = in.u16();
    long chainSize = in.u32();
    if (chainType != CERT_PCK_CHAIN || chainSize != in.remaining()) {
      throw malformed("expected a PCK certificate chain (type 5) filling the certification data");
    }
    List<byte[]> chain = IntelPki.pemCertificates(in.bytes((int) chainSize), "PCK chain");
    return new TdxQuote(Arrays.copyOf(quote, SIGNED), mrSignerSeam, seamAttributes,
        new TdxMeasurements(teeTcbSvn, mrTd, mrConfigId, mrOwner, mrOwnerConfig, rtmr, tdAttributes, reportData),
        quoteSignature, attestationKey, qeReport, qeReportSignature, qeAuthData, chain);
  }

  /**
   * Removes zero bytes after the quote's declared end, as left by fixed-size buffers (the
   * published test quote carries 70). Anything else after the end is kept, so that
   * {@link #parse}, which requires exact lengths, rejects it.
   */
  public static byte[] withoutZeroPadding(byte[] raw) {
    if (raw.length < SIGNED + 4) {
      return raw;
    }
    long declared = ByteBuffer.wrap(raw, SIGNED, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
    long end = SIGNED + 4 + declared;
    if (end >= raw.length) {
      return raw;
    }
    for (long i = end; i < raw.length; i++) {
      if (raw[(int) i] != 0) {
        return raw; // not padding: let parse() reject it
      }
    }
    return Arrays.copyOf(raw, (int) end);
  }

  public TdxMeasurements measurements() {
    return measurements;
  }

  byte[] signedPart() {
    return signedPart;
  }

  /** MRSIGNERSEAM: who signed the TDX module (all zero for Intel's). */
  byte[] mrSignerSeam() {
    return mrSignerSeam;
  }

  byte[] seamAttributes() {
    return seamAttributes;
  }

  byte[] quoteSignature() {
    return quoteSignature;
  }

  byte[] attestationKey() {
    return attestationKey;
  }

  byte[] qeReport() {
    return qeReport;
  }

  byte[] qeReportSignature() {
    return qeReportSignature;
  }

  byte[] qeAuthData() {
    return qeAuthData;
  }

  /**
   * The platform model's FMSPC (hex) from the PCK certificate: what Intel's PCS needs to serve
   * this quote's TCB info ({@code GET /tdx/certification/v4/tcb?fmspc=...}). The certificate's
   * signature is not checked here.
   *
   * @throws SilkCryptoException if the PCK certificate or its SGX extension does not parse
   */
  public String fmspc() throws SilkCryptoException {
    return dev.silk.crypto.encoding.Hex.encode(PckCertificate.of(pckLeaf()).fmspc);
  }

  /**
   * Which Intel CA issued the PCK certificate, as PCS names it for the PCK CRL
   * ({@code GET /sgx/certification/v4/pckcrl?ca=...}): {@code "platform"} or {@code "processor"}.
   *
   * @throws SilkCryptoException if the PCK certificate does not parse or the CA is neither
   */
  public String pckCa() throws SilkCryptoException {
    String issuer = pckLeaf().getIssuerX500Principal().getName();
    if (issuer.contains("CN=Intel SGX PCK Platform CA")) {
      return "platform";
    }
    if (issuer.contains("CN=Intel SGX PCK Processor CA")) {
      return "processor";
    }
    throw IntelPki.invalid("the PCK certificate's issuer is neither Intel's platform nor its processor CA");
  }

  private java.security.cert.X509Certificate pckLeaf() throws SilkCryptoException {
    return IntelPki.certificates(Collections.singletonList(pckChainDer.get(0)), "PCK certificate").get(0);
  }

  /** The PCK certificate chain in DER, leaf first. */
  public List<byte[]> pckChain() {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] der : pckChainDer) {
      copy.add(der.clone());
    }
    return Collections.unmodifiableList(copy);
  }

  private static SilkCryptoException malformed(String reason) {
    return new SilkCryptoException(ErrorCode.MALFORMED, "tdx quote: " + reason);
  }

  /** Little-endian reader with bounds checks. */
  private static final class Reader {
    private final byte[] data;
    private int at;

    Reader(byte[] data) {
      this.data = data;
    }

    int remaining() {
      return data.length - at;
    }

    void skip(int n) throws SilkCryptoException {
      bytes(n);
    }

    byte[] bytes(int n) throws SilkCryptoException {
      if (n < 0 || n > remaining()) {
        throw malformed("truncated");
      }
      byte[] out = Arrays.copyOfRange(data, at, at + n);
      at += n;
      return out;
    }

    int u16() throws SilkCryptoException {
      byte[] b = bytes(2);
      return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    long u32() throws SilkCryptoException {
      byte[] b = bytes(4);
      return ((b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24);
    }
  }
}
