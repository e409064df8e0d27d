package dev.silk.crypto.attestation.tdx;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Intel's collateral for verifying a TDX quote's TCB (spec-v1 §8.2): the TCB info for the
 * platform's FMSPC and the TD quoting enclave's identity, each with Intel's signature and the
 * certificate chain of its signer, the PCK CRL with its issuer chain, and the Intel SGX Root
 * CA's CRL. These are public documents, the same for every TD on a platform model; a node
 * fetches them from Intel's PCS (or a caching PCCS) and carries them in its descriptor, and
 * {@link TdxVerifier} checks every signature. This class only holds and encodes them.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * TdxCollateral collateral = TdxCollateral.builder()
 *     .tcbInfoResponse(tcbBody, response.header("TCB-Info-Issuer-Chain"))
 *     .qeIdentityResponse(qeBody, response.header("SGX-Enclave-Identity-Issuer-Chain"))
 *     .pckCrl(pckCrlDer, response.header("SGX-PCK-CRL-Issuer-Chain"))
 *     .rootCaCrl(rootCrlDer)
 *     .build();
 * AttestationEvidence.of("tdx", quote, collateral.encode());
 * }</pre>
 */
public final class TdxCollateral {
  /** The encoding's version (the first field). */
  public static final int VERSION = 1;
  static final int MAX_CHAIN = 16 << 10;
  static final int MAX_CRL = 256 << 10;
  static final int MAX_DOCUMENT = 96 << 10;
  private static final int SIGNATURE = 64;

  private final byte[] pckCrlIssuerChain;
  private final byte[] rootCaCrl;
  private final byte[] pckCrl;
  private final byte[] tcbInfoIssuerChain;
  private final String tcbInfo;
  private final byte[] tcbInfoSignature;
  private final byte[] qeIdentityIssuerChain;
  private final String qeIdentity;
  private final byte[] qeIdentitySignature;

  private TdxCollateral(Builder b) {
    this.pckCrlIssuerChain = b.pckCrlIssuerChain;
    this.rootCaCrl = b.rootCaCrl;
    this.pckCrl = b.pckCrl;
    this.tcbInfoIssuerChain = b.tcbInfoIssuerChain;
    this.tcbInfo = b.tcbInfo;
    this.tcbInfoSignature = b.tcbInfoSignature;
    this.qeIdentityIssuerChain = b.qeIdentityIssuerChain;
    this.qeIdentity = b.qeIdentity;
    this.qeIdentitySignature = b.qeIdentitySignature;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes the spec's encoding (the {@code collateral} of a {@code tdx} descriptor).
   *
   * @throws SilkCryptoException {@code malformed} for a bad length or trailing bytes,
   *     {@code unsupported_version} for another version
   */
  public static TdxCollateral decode(byte[] encoded) throws SilkCryptoException {
    ByteReader in = new ByteReader(encoded, "tdx collateral");
    int version = in.u16("version");
    if (version != VERSION) {
      throw new SilkCryptoException(dev.silk.crypto.ErrorCode.UNSUPPORTED_VERSION, "tdx collateral version " + version);
    }
    Builder b = new Builder();
    b.pckCrlIssuerChain = in.bytes(MAX_CHAIN, "pck crl issuer chain");
    b.rootCaCrl = in.bytes(MAX_CRL, "root ca crl");
    b.pckCrl = in.bytes(MAX_CRL, "pck crl");
    b.tcbInfoIssuerChain = in.bytes(MAX_CHAIN, "tcb info issuer chain");
    b.tcbInfo = in.string(MAX_DOCUMENT, "tcb info");
    b.tcbInfoSignature = in.fixed(SIGNATURE, "tcb info signature");
    b.qeIdentityIssuerChain = in.bytes(MAX_CHAIN, "qe identity issuer chain");
    b.qeIdentity = in.string(MAX_DOCUMENT, "qe identity");
    b.qeIdentitySignature = in.fixed(SIGNATURE, "qe identity signature");
    in.expectEnd();
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw in.malformed(e.getMessage());
    }
  }

  /** The spec's encoding. */
  public byte[] encode() {
    return new ByteWriter(1024 + pckCrl.length + tcbInfo.length() + qeIdentity.length())
        .u16(VERSION)
        .bytes(pckCrlIssuerChain)
        .bytes(rootCaCrl)
        .bytes(pckCrl)
        .bytes(tcbInfoIssuerChain)
        .string(tcbInfo)
        .fixed(tcbInfoSignature)
        .bytes(qeIdentityIssuerChain)
        .string(qeIdentity)
        .fixed(qeIdentitySignature)
        .toByteArray();
  }

  /**
   * Reads the JSON form used by Intel's quote verification tools and by {@code dcap-qvl}
   * ({@code QuoteCollateralV3}): the nine fields {@code pck_crl_issuer_chain},
   * {@code root_ca_crl} (hex DER), {@code pck_crl} (hex DER), {@code tcb_info_issuer_chain},
   * {@code tcb_info}, {@code tcb_info_signature} (hex), {@code qe_identity_issuer_chain},
   * {@code qe_identity} and {@code qe_identity_signature} (hex). Other fields are ignored.
   *
   * @throws SilkCryptoException {@code malformed} if a field is missing or mistyped
   */
  public static TdxCollateral fromJson(String json) throws SilkCryptoException {
    Objects.requireNonNull(json, "json");
    String what = "tdx collateral JSON";
    JsonObject o = IntelJson.parse(json, what);
    try {
      return builder()
          .pckCrl(crlBytes(IntelJson.string(o, "pck_crl", what)), IntelJson.string(o, "pck_crl_issuer_chain", what))
          .rootCaCrl(crlBytes(IntelJson.string(o, "root_ca_crl", what)))
          .tcbInfo(IntelJson.string(o, "tcb_info", what), Hex.decode(IntelJson.string(o, "tcb_info_signature", what)),
              IntelJson.string(o, "tcb_info_issuer_chain", what))
          .qeIdentity(IntelJson.string(o, "qe_identity", what),
              Hex.decode(IntelJson.string(o, "qe_identity_signature", what)),
              IntelJson.string(o, "qe_identity_issuer_chain", what))
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw IntelPki.malformed(what + ": " + e.getMessage());
    }
  }

  /** The JSON form read by {@link #fromJson}. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.add("pck_crl_issuer_chain", new JsonPrimitive(ascii(pckCrlIssuerChain)));
    o.add("root_ca_crl", new JsonPrimitive(Hex.encode(rootCaCrl)));
    o.add("pck_crl", new JsonPrimitive(Hex.encode(pckCrl)));
    o.add("tcb_info_issuer_chain", new JsonPrimitive(ascii(tcbInfoIssuerChain)));
    o.add("tcb_info", new JsonPrimitive(tcbInfo));
    o.add("tcb_info_signature", new JsonPrimitive(Hex.encode(tcbInfoSignature)));
    o.add("qe_identity_issuer_chain", new JsonPrimitive(ascii(qeIdentityIssuerChain)));
    o.add("qe_identity", new JsonPrimitive(qeIdentity));
    o.add("qe_identity_signature", new JsonPrimitive(Hex.encode(qeIdentitySignature)));
    return o.toString();
  }

  /** The signed TCB info text, exactly as Intel signed it. */
  public String tcbInfo() {
    return tcbInfo;
  }

  /** The signed QE identity text, exactly as Intel signed it. */
  public String qeIdentity() {
    return qeIdentity;
  }

  byte[] pckCrlIssuerChain() {
    return pckCrlIssuerChain;
  }

  byte[] rootCaCrl() {
    return rootCaCrl;
  }

  byte[] pckCrl() {
    return pckCrl;
  }

  byte[] tcbInfoIssuerChain() {
    return tcbInfoIssuerChain;
  }

  byte[] tcbInfoSignature() {
    return tcbInfoSignature;
  }

  byte[] qeIdentityIssuerChain() {
    return qeIdentityIssuerChain;
  }

  byte[] qeIdentitySignature() {
    return qeIdentitySignature;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TdxCollateral && Arrays.equals(encode(), ((TdxCollateral) o).encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "TdxCollateral[tcb info " + tcbInfo.length() + " B, qe identity " + qeIdentity.length() + " B, pck crl "
        + pckCrl.length + " B, root crl " + rootCaCrl.length + " B]";
  }

  /** A CRL as DER, or as the hex text some PCCS servers and tools use. */
  static byte[] crlBytes(String hexOrDer) {
    return Hex.decode(hexOrDer.trim());
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /**
   * The PEM text of an issuer-chain HTTP header: Intel's PCS sends it percent-encoded
   * ({@code %20}, {@code %2B}, {@code %0A}; a {@code +} stays a {@code +}, as in base64); a
   * header that already holds PEM is taken as it is.
   */
  static byte[] chainFromHeader(String header) {
    Objects.requireNonNull(header, "issuer chain header");
    if (header.contains("-----BEGIN CERTIFICATE-----")) {
      return header.getBytes(StandardCharsets.US_ASCII);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(header.length());
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '%') {
        if (i + 2 >= header.length()) {
          throw new IllegalArgumentException("issuer chain header has a truncated %-escape");
        }
        out.write(Hex.decode(header.substring(i + 1, i + 3))[0]);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("issuer chain header is not ASCII");
      }
    }
    return out.toByteArray();
  }

  /**
   * Splits a PCS response {@code {"<field>":<document>,"signature":"<hex>"}} into the exact
   * signed text and its signature. Intel signs the document's bytes as they appear in the
   * response, so they are cut out, never re-serialized.
   */
  static String[] splitSigned(String body, String field) {
    String prefix = "{\"" + field + "\":";
    String trimmed = body.trim();
    int signatureAt = trimmed.lastIndexOf(",\"signature\":\"");
    if (!trimmed.startsWith(prefix) || signatureAt < prefix.length() || !trimmed.endsWith("\"}")) {
      throw new IllegalArgumentException("not a PCS " + field + " response: expected {\"" + field
          + "\":{...},\"signature\":\"...\"}");
    }
    String signature = trimmed.substring(signatureAt + ",\"signature\":\"".length(), trimmed.length() - 2);
    return new String[] {trimmed.substring(prefix.length(), signatureAt), signature};
  }

  /** Builds a {@link TdxCollateral}; checks sizes and presence, not signatures. Not thread-safe. */
  public static final class Builder {
    private byte[] pckCrlIssuerChain;
    private byte[] rootCaCrl;
    private byte[] pckCrl;
    private byte[] tcbInfoIssuerChain;
    private String tcbInfo;
    private byte[] tcbInfoSignature;
    private byte[] qeIdentityIssuerChain;
    private String qeIdentity;
    private byte[] qeIdentitySignature;

    private Builder() {}

    /** The TCB info text as Intel signed it, its 64-byte {@code r || s} signature, and the signer's PEM chain. */
    public Builder tcbInfo(String json, byte[] signature, String issuerChainPem) {
      this.tcbInfo = Objects.requireNonNull(json, "json");
      this.tcbInfoSignature = signature(signature);
      this.tcbInfoIssuerChain = Objects.requireNonNull(issuerChainPem, "issuerChainPem").getBytes(StandardCharsets.US_ASCII);
      return this;
    }

    /**
     * From Intel's PCS {@code GET /tdx/certification/v4/tcb?fmspc=...}: the response body and
     * its {@code TCB-Info-Issuer-Chain} header (URL-encoded PEM, as sent).
     */
    public Builder tcbInfoResponse(String body, String issuerChainHeader) {
      String[] parts = splitSigned(Objects.requireNonNull(body, "body"), "tcbInfo");
      return tcbInfo(parts[0], Hex.decode(parts[1]), ascii(chainFromHeader(issuerChainHeader)));
    }

    /** The QE identity text as Intel signed it, its signature, and the signer's PEM chain. */
    public Builder qeIdentity(String json, byte[] signature, String issuerChainPem) {
      this.qeIdentity = Objects.requireNonNull(json, "json");
      this.qeIdentitySignature = signature(signature);
      this.qeIdentityIssuerChain = Objects.requireNonNull(issuerChainPem, "issuerChainPem").getBytes(StandardCharsets.US_ASCII);
      return this;
    }

    /**
     * From Intel's PCS {@code GET /tdx/certification/v4/qe/identity}: the response body and its
     * {@code SGX-Enclave-Identity-Issuer-Chain} header.
     */
    public Builder qeIdentityResponse(String body, String issuerChainHeader) {
      String[] parts = splitSigned(Objects.requireNonNull(body, "body"), "enclaveIdentity");
      return qeIdentity(parts[0], Hex.decode(parts[1]), ascii(chainFromHeader(issuerChainHeader)));
    }

    /**
     * The CRL of the CA that issued the PCK certificate ({@code GET
     * /sgx/certification/v4/pckcrl?ca=platform&encoding=der}) in DER, and its
     * {@code SGX-PCK-CRL-Issuer-Chain} header (URL-encoded or plain PEM).
     */
    public Builder pckCrl(byte[] der, String issuerChain) {
      this.pckCrl = Objects.requireNonNull(der, "der").clone();
      this.pckCrlIssuerChain = chainFromHeader(issuerChain);
      return this;
    }

    /** The Intel SGX Root CA's CRL in DER (https://certificates.trustedservices.intel.com/IntelSGXRootCA.der). */
    public Builder rootCaCrl(byte[] der) {
      this.rootCaCrl = Objects.requireNonNull(der, "der").clone();
      return this;
    }

    /** @throws IllegalStateException if a part is missing; IllegalArgumentException if one is too large */
    public TdxCollateral build() {
      if (pckCrlIssuerChain == null || rootCaCrl == null || pckCrl == null || tcbInfo == null || qeIdentity == null) {
        throw new IllegalStateException("collateral needs the TCB info, the QE identity, the PCK CRL and the root CA CRL");
      }
      if (pckCrlIssuerChain.length > MAX_CHAIN || tcbInfoIssuerChain.length > MAX_CHAIN
          || qeIdentityIssuerChain.length > MAX_CHAIN) {
        throw new IllegalArgumentException("an issuer chain is longer than " + MAX_CHAIN + " bytes");
      }
      if (rootCaCrl.length > MAX_CRL || pckCrl.length > MAX_CRL) {
        throw new IllegalArgumentException("a CRL is longer than " + MAX_CRL + " bytes");
      }
      if (tcbInfo.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT
          || qeIdentity.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT) {
        throw new IllegalArgumentException("a signed document is longer than " + MAX_DOCUMENT + " bytes");
      }
      return new TdxCollateral(this);
    }

    private static byte[] signature(byte[] signature) {
      if (Objects.requireNonNull(signature, "signature").length != SIGNATURE) {
        throw new IllegalArgumentException("an Intel collateral signature is 64 bytes (r || s)");
      }
      return signature.clone();
    }
  }
}
