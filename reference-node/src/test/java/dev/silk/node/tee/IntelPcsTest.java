package dev.silk.node.tee;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import dev.silk.crypto.attestation.tdx.TdxTcbStatus;
import dev.silk.crypto.attestation.tdx.TdxVerifier;
import dev.silk.crypto.encoding.Hex;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PCS client against a stand-in for Intel's PCS (WireMock on loopback) serving Intel's real
 * responses for the quote's platform, in PCS v4's exact shapes: documents with their signature
 * in one JSON body, issuer chains percent-encoded in headers, CRLs in DER (the root CA's as a
 * PCCS serves it, in hex).
 */
class IntelPcsTest {
  private WireMockServer pcs;

  @BeforeEach
  void start() {
    pcs = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    pcs.start();
  }

  @AfterEach
  void stop() {
    pcs.stop();
  }

  private void serveIntelsResponses() throws Exception {
    Map<String, Object> c = RealTdxData.collateralJson();
    pcs.stubFor(get(urlEqualTo("/tdx/certification/v4/tcb?fmspc=90c06f000000")).willReturn(aResponse().withStatus(200)
        .withHeader("TCB-Info-Issuer-Chain", percentEncoded((String) c.get("tcb_info_issuer_chain")))
        .withBody("{\"tcbInfo\":" + c.get("tcb_info") + ",\"signature\":\"" + c.get("tcb_info_signature") + "\"}")));
    pcs.stubFor(get(urlEqualTo("/tdx/certification/v4/qe/identity")).willReturn(aResponse().withStatus(200)
        .withHeader("SGX-Enclave-Identity-Issuer-Chain", percentEncoded((String) c.get("qe_identity_issuer_chain")))
        .withBody("{\"enclaveIdentity\":" + c.get("qe_identity") + ",\"signature\":\"" + c.get("qe_identity_signature")
            + "\"}")));
    pcs.stubFor(get(urlEqualTo("/sgx/certification/v4/pckcrl?ca=platform&encoding=der")).willReturn(aResponse()
        .withStatus(200).withHeader("SGX-PCK-CRL-Issuer-Chain", percentEncoded((String) c.get("pck_crl_issuer_chain")))
        .withBody(Hex.decode((String) c.get("pck_crl")))));
    pcs.stubFor(get(urlEqualTo("/sgx/certification/v4/rootcacrl")).willReturn(aResponse().withStatus(200)
        .withBody((String) c.get("root_ca_crl"))));
  }

  private dev.silk.core.tdx.IntelPcs client() {
    return new dev.silk.core.tdx.IntelPcs(new okhttp3.OkHttpClient(), pcs.baseUrl() + "/", pcs.baseUrl() + "/sgx/certification/v4/rootcacrl");
  }

  @Test
  void fetchesTheSameCollateralAsIntelsToolsRecordedAndItVerifies() throws Exception {
    serveIntelsResponses();
    TdxQuote quote = TdxQuote.parse(RealTdxData.quote());
    TdxCollateral fetched = client().fetch(quote);
    assertThat(fetched).isEqualTo(TdxCollateral.fromJson(
        new String(Files.readAllBytes(RealTdxData.collateralFile()), StandardCharsets.UTF_8)));
    assertThat(TdxVerifier.builder().build().evaluateTcb(quote, fetched, RealTdxData.CURRENT).status())
        .isEqualTo(TdxTcbStatus.UP_TO_DATE);
  }

  @Test
  void aPcsErrorOrAMissingHeaderIsAnIoErrorThatSaysWhich() throws Exception {
    TdxQuote quote = TdxQuote.parse(RealTdxData.quote());
    pcs.stubFor(get(urlEqualTo("/tdx/certification/v4/tcb?fmspc=90c06f000000"))
        .willReturn(aResponse().withStatus(404).withHeader("Error-Code", "NoFmspcFound")));
    assertThatThrownBy(() -> client().fetch(quote)).isInstanceOf(IOException.class)
        .hasMessageContaining("answered HTTP 404 (NoFmspcFound)");
    serveIntelsResponses();
    pcs.stubFor(get(urlEqualTo("/tdx/certification/v4/qe/identity")).willReturn(aResponse().withStatus(200)
        .withBody("{\"enclaveIdentity\":{},\"signature\":\"00\"}")));
    assertThatThrownBy(() -> client().fetch(quote)).isInstanceOf(IOException.class)
        .hasMessageContaining("sent no SGX-Enclave-Identity-Issuer-Chain header");
  }

  /** As Intel's PCS encodes issuer chains: %20, %0A, %2B. */
  static String percentEncoded(String pem) throws Exception {
    return URLEncoder.encode(pem, "UTF-8").replace("+", "%20");
  }
}
