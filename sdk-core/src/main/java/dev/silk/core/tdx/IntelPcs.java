package dev.silk.core.tdx;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches TDX collateral from Intel's Provisioning Certification Service, API v4
 * ({@value #INTEL_PCS}), or from a caching PCCS that serves the same paths: the TCB info for the
 * quote's FMSPC, the TD QE identity, the PCK CRL of the quote's CA, and the Intel SGX Root CA's
 * CRL. Nothing is trusted here: every signature is checked by whoever uses the collateral (a tdx
 * node before it serves it, each client again). Thread-safe.
 *
 * <pre>{@code
 * CollateralSource pcs = IntelPcs.intel(okHttpClient);
 * }</pre>
 */
public final class IntelPcs implements CollateralSource {
  /** Intel's PCS. */
  public static final String INTEL_PCS = "https://api.trustedservices.intel.com";
  /** Where Intel publishes the root CA's CRL (a PCCS serves it at /sgx/certification/v4/rootcacrl, as hex). */
  public static final String INTEL_ROOT_CA_CRL = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der";
  private static final int MAX_RESPONSE = 1 << 20;

  private final OkHttpClient http;
  private final String base;
  private final HttpUrl rootCaCrl;

  /**
   * @param base the PCS or PCCS base URL, e.g. {@value #INTEL_PCS}
   * @param rootCaCrlUrl where the root CA's CRL is
   */
  public IntelPcs(OkHttpClient http, String base, String rootCaCrlUrl) {
    this.http = Objects.requireNonNull(http, "http").newBuilder().callTimeout(Duration.ofSeconds(30)).build();
    this.base = Objects.requireNonNull(base, "base").replaceAll("/+$", "");
    this.rootCaCrl = url(Objects.requireNonNull(rootCaCrlUrl, "rootCaCrlUrl"));
  }

  /** Intel's own PCS and CRL. */
  public static IntelPcs intel(OkHttpClient http) {
    return new IntelPcs(http, INTEL_PCS, INTEL_ROOT_CA_CRL);
  }

  @Override
  public TdxCollateral fetch(TdxQuote quote) throws IOException {
    String fmspc;
    String ca;
    try {
      fmspc = quote.fmspc();
      ca = quote.pckCa();
    } catch (SilkCryptoException e) {
      throw new IOException("cannot tell the quote's platform: " + e.getMessage(), e);
    }
    Fetched tcb = get(url(base + "/tdx/certification/v4/tcb?fmspc=" + fmspc));
    Fetched qe = get(url(base + "/tdx/certification/v4/qe/identity"));
    Fetched pckCrl = get(url(base + "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der"));
    Fetched rootCrl = get(rootCaCrl);
    try {
      return TdxCollateral.builder()
          .tcbInfoResponse(tcb.utf8(), tcb.header("TCB-Info-Issuer-Chain"))
          .qeIdentityResponse(qe.utf8(), qe.header("SGX-Enclave-Identity-Issuer-Chain"))
          .pckCrl(der(pckCrl.body), pckCrl.header("SGX-PCK-CRL-Issuer-Chain"))
          .rootCaCrl(der(rootCrl.body))
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException("PCS at " + base + " sent unusable collateral: " + e.getMessage(), e);
    }
  }

  /** One fetched document and its headers. */
  private static final class Fetched {
    final HttpUrl url;
    final byte[] body;
    final okhttp3.Headers headers;

    Fetched(HttpUrl url, byte[] body, okhttp3.Headers headers) {
      this.url = url;
      this.body = body;
      this.headers = headers;
    }

    String utf8() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) throws IOException {
      String value = headers.get(name);
      if (value == null) {
        throw new IOException(url + " sent no " + name + " header");
      }
      return value;
    }
  }

  private Fetched get(HttpUrl url) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      if (response.code() != 200) {
        String code = response.header("Error-Code");
        throw new IOException(url + " answered HTTP " + response.code() + (code != null ? " (" + code + ")" : ""));
      }
      return new Fetched(url, capped(response.body()), response.headers());
    }
  }

  private static byte[] capped(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_RESPONSE) {
          throw new IOException("a PCS answer larger than " + MAX_RESPONSE + " bytes");
        }
      }
      return out.toByteArray();
    }
  }

  private static HttpUrl url(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return parsed;
  }

  /** A CRL as DER, or as the hex text a PCCS sends for the root CA's. */
  private static byte[] der(byte[] body) {
    if (body.length > 0 && body[0] == 0x30) {
      return body;
    }
    String hex = new String(body, StandardCharsets.US_ASCII).trim();
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  @Override
  public String toString() {
    return "PCS " + base + " (root CA CRL " + rootCaCrl + ")";
  }
}
