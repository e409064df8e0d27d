package dev.silk.cocoon.testproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.VerificationLevel;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.cocoon.CocoonAccount;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonNative;
import dev.silk.core.cocoon.CocoonNetwork;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.attestation.ratls.RaTlsIdentity;
import dev.silk.crypto.attestation.tdx.SyntheticTdx;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silk's native COCOON transport end to end against the COCOON test proxy on loopback: proof of
 * work, RA-TLS with the proxy's quote verified in pure Java (synthetic Intel-shaped PKI), the
 * session's handshake and authorization, whole and streamed answers, cost from the root config's
 * prices; and the refusals a client relies on, each before any request is sent.
 */
class NativeCocoonTest {
  private static final String OWNER = "0:" + "11".repeat(32);
  private static final long PRICE = 1_000; // nanoTON per token
  private static final Clock AT = Clock.fixed(SyntheticTdx.AT, ZoneOffset.UTC);
  private static SyntheticTdx pki;
  private static TdxCollateral collateral;
  private static String imageHash;

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void pki() throws Exception {
    pki = new SyntheticTdx();
    collateral = pki.collateral().build();
    imageHash = hex(TdxQuote.parse(pki.quote(new SyntheticTdx.Td())).measurements().imageHash());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** A proxy identity whose quote binds its TLS key, as a real COCOON proxy's. */
  static RaTlsIdentity proxyIdentity(java.util.function.Consumer<SyntheticTdx.Td> td) {
    return RaTlsIdentity.builder().validity(SyntheticTdx.AT.minusSeconds(3600), Duration.ofDays(1)).asCocoonGenCert()
        .quote(reportData -> {
          SyntheticTdx.Td t = new SyntheticTdx.Td();
          t.reportData = reportData;
          td.accept(t);
          try {
            return pki.quote(t);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).build();
  }

  private EchoProxy echo() {
    return new EchoProxy(new byte[32], "0:" + "22".repeat(32), "0:" + "33".repeat(32), false, "Qwen/Qwen3-32B");
  }

  private TestProxy proxy(RaTlsIdentity identity, EchoProxy handler, int powDifficulty) throws Exception {
    TestProxy proxy = TestProxy.builder().identity(identity).handler(handler).powDifficulty(powDifficulty).clock(AT)
        .start();
    open.add(proxy);
    return proxy;
  }

  private static CocoonConfig config(int port, String allowedImage) {
    return CocoonConfig.builder().version(7).paramsVersion(3).addProxy("127.0.0.1:" + port)
        .addProxyImageHash(allowedImage).prices(PRICE, PRICE / 2).multipliers(10000, 1000, 20000, 20000).build();
  }

  /** The client's side of the account: a secret for the short authorization, or the long way. */
  static final class Account implements CocoonAccount {
    final byte[] secret;
    final EchoProxy chain;
    final List<Long> registered = new ArrayList<>();
    final List<CocoonProxy> checked = new ArrayList<>();

    Account(byte[] secret, EchoProxy chain) {
      this.secret = secret;
      this.chain = chain;
    }

    @Override
    public String ownerAddress() {
      return OWNER;
    }

    @Override
    public void checkContracts(CocoonProxy proxy, CocoonConfig config) {
      checked.add(proxy);
    }

    @Override
    public Optional<byte[]> secret(CocoonProxy proxy) {
      return Optional.ofNullable(secret);
    }

    @Override
    public void register(CocoonProxy proxy, long nonce) {
      registered.add(nonce);
      chain.registered(nonce); // the chain stand-in sees the register message
    }

    @Override
    public void paymentStatus(CocoonProxy proxy, byte[] signedPayment, long tokensUsed) {
    }
  }

  private SilkClient client(CocoonConfig config, CocoonAccount account, UnaryOperator<CocoonNative.Builder> more) {
    SilkClient client = SilkClient.builder().clock(AT).maxRetries(0).timeout(Duration.ofSeconds(30))
        .cocoon(more.apply(CocoonNative.builder().network(CocoonNetwork.fixed(config)).account(account)
            .collateral(quote -> collateral).tdxVerifierBaseForTests(() -> {
              try {
                return pki.verifier();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })).build())
        .build();
    open.add(0, client);
    return client;
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("Qwen/Qwen3-32B").addMessage(ChatMessage.user(text))
        .maxTokens(64).build();
  }

  @Test
  void anAttestedProxyAnswersWholeAndStreamedPricedByTheRootConfig() throws Exception {
    EchoProxy echo = echo();
    byte[] secret = "client secret".getBytes(StandardCharsets.UTF_8);
    echo.clientSecret(OWNER, secret);
    TestProxy proxy = proxy(proxyIdentity(td -> { }), echo, 12);
    CocoonConfig config = config(proxy.port(), imageHash);
    Account account = new Account(secret, echo);
    SilkClient client = client(config, account, b -> b);

    ChatCompletion answer = client.chat().completions().create(ask("hello attested cocoon"));
    assertThat(answer.content()).isEqualTo("hello attested cocoon");
    assertThat(answer.verification().level()).isEqualTo(VerificationLevel.COCOON_ATTESTED_PROXY);
    assertThat(answer.verification().attestation().get().tcbStatus()).isEqualTo("UpToDate");
    // prompt 3 words + 2, completion 3: (5 x 1.0 + 3 x 2.0) x 1000 nanoTON
    assertThat(answer.cost()).isEqualTo(TonAmount.ofNanoton(5 * PRICE + 3 * 2 * PRICE));
    assertThat(account.registered).as("short authorization: nothing registered on chain").isEmpty();
    assertThat(account.checked).hasSize(1);
    assertThat(account.checked.get(0).imageHash()).isEqualTo(imageHash);
    assertThat(account.checked.get(0).clientContractAddress()).isEqualTo(EchoProxy.clientContract(OWNER));

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
        .createStreaming(ask("one two three four"))) {
      while (stream.hasNext()) {
        ChatCompletionChunk chunk = stream.next();
        streamed.append(chunk.delta() == null ? "" : chunk.delta());
      }
      assertThat(streamed.toString()).isEqualTo("one two three four");
      assertThat(stream.verification().level()).isEqualTo(VerificationLevel.COCOON_ATTESTED_PROXY);
      assertThat(stream.verification().cost()).isEqualTo(TonAmount.ofNanoton(6 * PRICE + 4 * 2 * PRICE));
    }
    assertThat(echo.queries()).isEqualTo(2);
    assertThat(proxy.connections()).as("one session for both").isEqualTo(1);
  }

  @Test
  void withoutASecretTheClientRegistersTheProxysNonceOnChain() throws Exception {
    EchoProxy echo = echo();
    TestProxy proxy = proxy(proxyIdentity(td -> { }), echo, 12);
    Account account = new Account(null, echo);
    SilkClient client = client(config(proxy.port(), imageHash), account, b -> b);
    assertThat(client.chat().completions().create(ask("long way")).content()).isEqualTo("long way");
    assertThat(account.registered).hasSize(1);
  }

  @Test
  void refusalsComeBeforeAnyRequestIsSent() throws Exception {
    EchoProxy echo = echo();
    echo.clientSecret(OWNER, new byte[] {1});
    Account account = new Account(new byte[] {1}, echo);
    // An image the root config does not list.
    TestProxy unlisted = proxy(proxyIdentity(td -> { }), echo, 12);
    SilkClient a = client(config(unlisted.port(), "00".repeat(32)), account, b -> b);
    assertThatThrownBy(() -> a.chat().completions().create(ask("x"))).isInstanceOf(SilkException.class)
        .hasMessageContaining("not allowed");
    // A debug TD.
    TestProxy debug = proxy(proxyIdentity(td -> td.tdAttributes = new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}), echo, 12);
    SilkClient b2 = client(config(debug.port(), imageHash), account, b -> b);
    assertThatThrownBy(() -> b2.chat().completions().create(ask("x"))).isInstanceOf(SilkException.class)
        .hasMessageContaining("ebug");
    // Proof of work above the client's bound: refused before solving it.
    TestProxy greedy = proxy(proxyIdentity(td -> { }), echo, 29);
    SilkClient c = client(config(greedy.port(), imageHash), account, b -> b);
    assertThatThrownBy(() -> c.chat().completions().create(ask("x"))).isInstanceOf(SilkException.class)
        .hasMessageContaining("29");
    assertThat(echo.queries()).as("no request reached any proxy").isZero();
  }

  static String hex(byte[] bytes) {
    return EchoProxy.hex(bytes);
  }
}
