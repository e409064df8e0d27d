package dev.silk.node.tee;

import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.internal.Hex;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Fetches collateral from Intel's Provisioning Certification Service, API v4
 * ({@value #INTEL_PCS}), or from a caching PCCS that serves the same paths: the TCB info for
 * the quote's FMSPC, the TD QE identity, the PCK CRL of the quote's CA, and the Intel SGX Root
 * CA's CRL. Nothing is trusted here: every signature is checked by the node before it serves
 * the collateral, and again by each client. Thread-safe.
 */
public final class PcsClient implements CollateralSource {
  /** Intel's PCS. */
  public static final String INTEL_PCS = "https://api.trustedservices.intel.com";
  /** Where Intel publishes the root CA's CRL (a PCCS serves it at /sgx/certification/v4/rootcacrl, as hex). */
  public static final String INTEL_ROOT_CA_CRL = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der";
  private static final int MAX_RESPONSE = 1 << 20;

  private final String base;
  private final URI rootCaCrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  public PcsClient(String base, String rootCaCrlUrl) {
    this.base = Objects.requireNonNull(base, "base").replaceAll("/+$", "");
    this.rootCaCrl = URI.create(Objects.requireNonNull(rootCaCrlUrl, "rootCaCrlUrl"));
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
    HttpResponse<byte[]> tcb = get(URI.create(base + "/tdx/certification/v4/tcb?fmspc=" + fmspc));
    HttpResponse<byte[]> qe = get(URI.create(base + "/tdx/certification/v4/qe/identity"));
    HttpResponse<byte[]> pckCrl = get(URI.create(base + "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der"));
    HttpResponse<byte[]> rootCrl = get(rootCaCrl);
    try {
      return TdxCollateral.builder()
          .tcbInfoResponse(utf8(tcb), header(tcb, "TCB-Info-Issuer-Chain"))
          .qeIdentityResponse(utf8(qe), header(qe, "SGX-Enclave-Identity-Issuer-Chain"))
          .pckCrl(der(pckCrl.body()), header(pckCrl, "SGX-PCK-CRL-Issuer-Chain"))
          .rootCaCrl(der(rootCrl.body()))
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException("PCS at " + base + " sent unusable collateral: " + e.getMessage(), e);
    }
  }

  private HttpResponse<byte[]> get(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered HTTP " + response.statusCode()
          + response.headers().firstValue("Error-Code").map(c -> " (" + c + ")").orElse(""));
    }
    if (response.body().length > MAX_RESPONSE) {
      throw new IOException(uri + " sent more than " + MAX_RESPONSE + " bytes");
    }
    return response;
  }

  private static String header(HttpResponse<byte[]> response, String name) throws IOException {
    return response.headers().firstValue(name)
        .orElseThrow(() -> new IOException(response.uri() + " sent no " + name + " header"));
  }

  private static String utf8(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** A CRL as DER, or as the hex text a PCCS sends for the root CA's. */
  private static byte[] der(byte[] body) {
    if (body.length > 0 && body[0] == 0x30) {
      return body;
    }
    return Hex.decode(new String(body, StandardCharsets.US_ASCII).trim());
  }

  @Override
  public String toString() {
    return "PCS " + base + " (root CA CRL " + rootCaCrl + ")";
  }
}
