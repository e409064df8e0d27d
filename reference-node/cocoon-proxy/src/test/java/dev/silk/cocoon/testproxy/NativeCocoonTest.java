package dev.silk.cocoon.testproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.silk.core.SilkClient;
import dev.silk.core.VerificationLevel;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.BudgetExceededException;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.Budget;
import dev.silk.core.payment.SpendingCaps;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.cocoon.ClientContractState;
import dev.silk.ton.cocoon.TonCocoonAccount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Silk's native COCOON transport end to end on a {@link LocalCocoon}: the root config read from
 * the (fake) chain through TON Center, proof of work, RA-TLS with the proxy's quote verified in
 * pure Java, the client contract derived from the root's code and checked, deployed and
 * registered from the owner's wallet (long authorization) and found again by its secret (short),
 * whole and streamed answers priced in adjusted tokens, the proxy's signed charges verified and
 * committed on chain; and each refusal a client relies on, before any request is sent.
 */
class NativeCocoonTest {
  private static final byte[] SECRET = "a client secret of some length".getBytes(StandardCharsets.UTF_8);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private LocalCocoon cocoon(UnaryOperator<LocalCocoon.Builder> options) throws Exception {
    LocalCocoon cocoon = options.apply(LocalCocoon.builder()).start();
    open.add(cocoon);
    return cocoon;
  }

  private SilkClient client(LocalCocoon cocoon, TonCocoonAccount account, Budget budget) {
    SilkClient client = SilkClient.builder().clock(cocoon.clock()).maxRetries(0).timeout(Duration.ofSeconds(30))
        .budget(budget).cocoon(cocoon.cocoonNative(account).build()).build();
    open.add(0, client);
    return client;
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model(LocalCocoon.MODEL).addMessage(ChatMessage.user(text))
        .maxTokens(64).build();
  }

  @Test
  void firstTheLongWayThenTheShortOnePricedAndPaidOnChain() throws Exception {
    LocalCocoon cocoon = cocoon(b -> b);
    CocoonConfig config = cocoon.config();
    TonCocoonAccount account = cocoon.account(b -> b.secret(SECRET).deposit(TonAmount.ofTon("2")));
    Budget budget = Budget.unlimited();
    SilkClient client = client(cocoon, account, budget);

    // The proxy's models, as COCOON's runner lists them: its echo worker at 1x.
    assertThat(client.models().list()).extracting(m -> m.id()).containsExactly(LocalCocoon.MODEL);
    assertThat(client.models().list().get(0).workers().get(0).coefficient()).isEqualTo(1000);

    ChatCompletion answer = client.chat().completions().create(ask("hello attested cocoon"));
    assertThat(answer.content()).isEqualTo("hello attested cocoon");
    assertThat(answer.verification().level()).isEqualTo(VerificationLevel.COCOON_ATTESTED_PROXY);
    assertThat(answer.verification().attestation().get().tcbStatus()).isEqualTo("UpToDate");
    // 5 prompt tokens at 1x, 3 completion tokens at the config's 2x: 11 adjusted tokens.
    assertThat(answer.cost()).isEqualTo(config.cost(5 + 3 * 2));
    assertThat(budget.spent()).isEqualTo(answer.cost());

    CocoonProxy proxy = account.proxies().get(0);
    assertThat(proxy.imageHash()).isEqualTo(cocoon.imageHash());
    ClientContractState before = account.state(proxy);
    assertThat(before.status()).isEqualTo(ClientContractState.Status.OPEN);
    assertThat(before.balance()).isEqualTo(TonAmount.ofTon("2"));
    assertThat(before.secretHash()).as("the secret is set for the short way").isNotEqualTo(new byte[32]);

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
        .createStreaming(ask("one two three four"))) {
      while (stream.hasNext()) {
        ChatCompletionChunk chunk = stream.next();
        streamed.append(chunk.delta() == null ? "" : chunk.delta());
      }
      assertThat(streamed.toString()).isEqualTo("one two three four");
      assertThat(stream.verification().level()).isEqualTo(VerificationLevel.COCOON_ATTESTED_PROXY);
      assertThat(stream.verification().cost()).isEqualTo(config.cost(6 + 4 * 2));
    }
    assertThat(cocoon.echo().queries()).isEqualTo(2);
    assertThat(cocoon.proxy().connections()).as("one session for both").isEqualTo(1);

    // The proxy signed a charge for both answers; committing it moves the balance on chain.
    long tokens = 11 + 14;
    // Its payment message follows the answer on the session: wait for it (bounded), then check it.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (account.newestCharge(proxy).map(c -> c.tokens()).orElse(0L) < tokens && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(account.newestCharge(proxy).get().tokens()).isEqualTo(tokens);
    account.charge(proxy);
    ClientContractState after = account.state(proxy);
    assertThat(after.tokensUsed()).isEqualTo(tokens);
    assertThat(after.balance()).isEqualTo(before.balance().minus(config.cost(tokens)));

    // A new client finds the secret on chain: the short authorization, nothing more registered.
    long transfers = cocoon.chain().chain().transactions(cocoon.wallet().address().toRaw(), 100).size();
    TonCocoonAccount again = cocoon.account(b -> b.secret(SECRET));
    SilkClient second = client(cocoon, again, Budget.unlimited());
    assertThat(second.chat().completions().create(ask("short way")).content()).isEqualTo("short way");
    assertThat(cocoon.chain().chain().transactions(cocoon.wallet().address().toRaw(), 100))
        .as("no wallet message for the short way").hasSize((int) transfers);
  }

  /**
   * A client contract that the answers drain is topped up as COCOON's client does it (by the
   * deposit, once less than half the stake's worth is left paid for): without that, the proxy
   * refuses the request that its reservation no longer fits (about the 18th here).
   */
  @Test
  void aDrainedContractIsToppedUpBeforeTheProxyRefuses() throws Exception {
    LocalCocoon cocoon = cocoon(b -> b.price(100_000)); // stake 1 TON = 10,000 tokens
    TonCocoonAccount account = cocoon.account(b -> b.deposit(TonAmount.ofTon("1")));
    SilkClient client = SilkClient.builder().clock(cocoon.clock()).maxRetries(0).timeout(Duration.ofSeconds(30))
        .cocoon(cocoon.cocoonNative(account).maxCoefficient(1000).build()).build();
    open.add(0, client);
    String prompt = String.join(" ", java.util.Collections.nCopies(400, "word")); // about 430 tokens an answer
    ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model(LocalCocoon.MODEL)
        .addMessage(ChatMessage.user(prompt)).maxTokens(16).build();
    for (int i = 0; i < 30; i++) {
      assertThat(client.chat().completions().create(ask).content()).as("answer " + i).startsWith("word");
    }
    CocoonProxy proxy = account.proxies().get(0);
    long used = cocoon.echo().tokensUsed(cocoon.wallet().address());
    assertThat(used).as("more than the first deposit pays for").isGreaterThan(10_000);
    ClientContractState state = account.state(proxy);
    long paidIn = state.balance().nanoton() + state.tokensUsed() * 100_000; // what is left plus what was charged
    assertThat(paidIn).as("topped up beyond the first deposit").isGreaterThan(TonAmount.ofTon("1").nanoton());
  }

  @Test
  void theBudgetAdmitsANativeRequestAtItsMostAndSettlesWhatItCost() throws Exception {
    LocalCocoon cocoon = cocoon(b -> b);
    TonCocoonAccount account = cocoon.account(b -> b.deposit(TonAmount.ofTon("2")));
    CocoonConfig config = cocoon.config();
    // A cap below the proxy's reservation for one request: refused before anything is sent.
    Budget tight = Budget.of(SpendingCaps.builder().maxPerRequest(config.cost(100)).build());
    SilkClient client = client(cocoon, account, tight);
    assertThatThrownBy(() -> client.chat().completions().create(ask("too dear"))).isInstanceOf(
        BudgetExceededException.class);
    assertThat(cocoon.proxy().connections()).isZero();
  }

  @Test
  void aProxyWhoseSignedPaymentDoesNotVerifyIsNotUsedAgain() throws Exception {
    LocalCocoon cocoon = cocoon(b -> b.signPaymentsWith(TonSecretKey.generate()));
    TonCocoonAccount account = cocoon.account(b -> b.deposit(TonAmount.ofTon("2")));
    SilkClient client = client(cocoon, account, Budget.unlimited());
    assertThat(client.chat().completions().create(ask("first")).content()).isEqualTo("first");
    // Its payment for the first answer comes before any later answer on the session: the session closes.
    assertThatThrownBy(() -> client.chat().completions().create(ask("second")))
        .isInstanceOf(VerificationException.class).hasMessageContaining("signature");
    // The proxy may still be reading the second query the client sent before it heard the payment.
    awaitNoOpenConnection(cocoon);
    long served = cocoon.echo().queries();
    // A new session hears the same signed payment in the handshake: refused before any query.
    assertThatThrownBy(() -> client.chat().completions().create(ask("third")))
        .isInstanceOf(VerificationException.class).hasMessageContaining("signature");
    awaitNoOpenConnection(cocoon);
    assertThat(cocoon.echo().queries()).isEqualTo(served).isLessThanOrEqualTo(2);
    assertThat(account.newestCharge(account.proxies().get(0))).isEmpty();
  }

  @Test
  void refusalsComeBeforeAnyRequestIsSent() throws Exception {
    assertRefused(b -> b.listProxyImage(false), "not allowed");
    assertRefused(b -> b.td(td -> td.tdAttributes = new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}), "ebug");
    assertRefused(b -> b.reportData(rd -> new byte[64]), "report");
    assertRefused(b -> b.identity(id -> id.validity(java.time.Instant.parse("2025-01-01T00:00:00Z"),
        Duration.ofDays(1))), "not valid at");
    assertRefused(b -> b.identity(id -> id.extraExtension("1.2.3.4", true, new byte[] {1})), "critical");
    // Proof of work above the client's bound: refused before solving it.
    assertRefused(b -> b.powDifficulty(29), "29");
  }

  private static void awaitNoOpenConnection(LocalCocoon cocoon) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cocoon.proxy().openConnections() > 0) {
      assertThat(System.nanoTime()).as("the proxy still serves a closed session after 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private void assertRefused(UnaryOperator<LocalCocoon.Builder> proxy, String reason) throws Exception {
    LocalCocoon cocoon = cocoon(proxy);
    TonCocoonAccount account = cocoon.account(b -> b.deposit(TonAmount.ofTon("2")));
    SilkClient client = client(cocoon, account, Budget.unlimited());
    assertThatThrownBy(() -> client.chat().completions().create(ask("x"))).isInstanceOf(SilkException.class)
        .hasMessageContaining(reason);
    assertThat(cocoon.echo().queries()).as("no request reached the proxy").isZero();
    assertThat(account.proxies()).as("no contract checked, nothing paid").isEmpty();
  }
}
