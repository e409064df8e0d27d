package dev.silk.examples;

import dev.silk.cocoon.testproxy.LocalCocoon;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.ton.cocoon.ClientContractState;
import dev.silk.ton.cocoon.TonCocoonAccount;
import java.nio.charset.StandardCharsets;

/**
 * Silk's own COCOON client, without COCOON's C++ runner: it reads the root config from the
 * chain, attests the proxy (TDX quote verified in pure Java) before sending a byte of the prompt,
 * pays from a TON wallet through a client contract, and streams the answer. Here it runs against
 * a local COCOON network ({@link LocalCocoon}: the COCOON test proxy with an echo model, the
 * fake-TON chain, a synthetic Intel-shaped PKI). Against the real network, give the client
 * {@code CocoonRoot.builder(tonCenter).build()} (mainnet's root), a {@link TonCocoonAccount} on
 * your wallet, and Intel's collateral.
 *
 * <p>Run: {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.CocoonNativeChat}
 */
public final class CocoonNativeChat {
  private CocoonNativeChat() {}

  public static void main(String[] args) throws Exception {
    String question = args.length > 0 ? String.join(" ", args) : "what does an attested proxy prove";
    try (LocalCocoon cocoon = LocalCocoon.builder().start()) {
      TonCocoonAccount account = cocoon.account(b -> b.secret("keep this secret safe".getBytes(StandardCharsets.UTF_8))
          .deposit(TonAmount.ofTon("2")));
      try (SilkClient client = SilkClient.builder().clock(cocoon.clock())
          .cocoon(cocoon.cocoonNative(account).build()).build()) {
        CocoonConfig config = cocoon.config();
        System.out.println("root config  version " + config.version() + ", " + config.pricePerToken()
            + " nanoTON per adjusted token, proxies " + config.proxyAddresses());
        System.out.print("answer       ");
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
            ChatCompletionCreateParams.builder().model(LocalCocoon.MODEL).addMessage(ChatMessage.user(question))
                .maxTokens(64).build())) {
          while (stream.hasNext()) {
            ChatCompletionChunk chunk = stream.next();
            System.out.print(chunk.delta() == null ? "" : chunk.delta());
          }
          System.out.println();
          System.out.println("cost         " + stream.cost() + " (" + stream.cost().nanoton() + " nanoTON)");
          System.out.println("verification " + stream.verification().level().description());
          System.out.println("attestation  " + stream.verification().attestation().map(Object::toString).orElse("none"));
        }
        CocoonProxy proxy = account.proxies().get(0);
        // The proxy's signed charge follows the answer on the session.
        for (int i = 0; i < 500 && !account.newestCharge(proxy).isPresent(); i++) {
          Thread.sleep(10);
        }
        ClientContractState before = account.state(proxy);
        System.out.println("contract     " + account.clientContract(proxy).toRaw());
        System.out.println("balance      " + before.balance() + " before the proxy's charge is committed");
        account.newestCharge(proxy).ifPresent(charge -> {
          account.charge(proxy);
          System.out.println("charged      " + charge.tokens() + " adjusted tokens, signed by the proxy");
        });
        System.out.println("balance      " + account.state(proxy).balance() + " after");
      }
    }
  }
}
