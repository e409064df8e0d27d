package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The node serves HTTPS with a given certificate; plain HTTP stays on loopback. */
class TlsTest {
  private static final String PASSWORD = "test-store-pass";

  @Test
  void nodeServesTlsWithTheGivenCertificate() throws Exception {
    Path dir = Files.createTempDirectory("silk-tls");
    Path store = dir.resolve("node.p12");
    Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as("keytool").isZero();

    try (LocalNode local = new LocalNode(b -> b.tls(store, PASSWORD))) {
      assertThat(local.node.baseUrl()).startsWith("https://127.0.0.1:");
      java.util.List<okhttp3.Protocol> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();
      OkHttpClient recording = trusting(store).newBuilder().addNetworkInterceptor(chain -> {
        protocols.add(chain.connection().protocol());
        return chain.proceed(chain.request());
      }).build();
      try (SilkClient client = local.client(recording, b -> b)) {
        assertThat(client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
            .addMessage(ChatMessage.user("over tls")).build()).content()).isEqualTo("over tls");
      }
      // ALPN chose HTTP/2 for every call.
      assertThat(protocols).isNotEmpty().containsOnly(okhttp3.Protocol.HTTP_2);
      // A client that does not trust the certificate gets nothing.
      try (SilkClient stranger = local.client(new OkHttpClient(), b -> b.maxRetries(0))) {
        assertThatThrownBy(stranger::node).isInstanceOf(SilkException.class);
      }
    }
  }

  @Test
  void plainHttpIsRefusedBeyondLoopback() {
    assertThatIllegalArgumentException().isThrownBy(() ->
        NodeConfig.builder().dataDir(Paths.get("x")).host("0.0.0.0").build()).withMessageContaining("--tls-keystore");
    NodeConfig.builder().dataDir(Paths.get("x")).host("127.0.0.1").build();
  }

  private static OkHttpClient trusting(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    Certificate cert = keys.getCertificate("node");
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("node", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return new OkHttpClient.Builder()
        .sslSocketFactory(ssl.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0]).build();
  }
}
