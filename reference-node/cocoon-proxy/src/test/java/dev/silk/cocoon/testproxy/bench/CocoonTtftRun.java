package dev.silk.cocoon.testproxy.bench;

import dev.silk.cocoon.testproxy.LocalCocoon;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.cocoon.ProofOfWork;
import dev.silk.testing.SilkTestNode;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time to first token on loopback (not a unit test): Silk's native COCOON client through the
 * COCOON test proxy (PoW, RA-TLS, TDX verified, session, paid from a client contract on the
 * fake chain) against Silk's sealed path to a paid echo node (SilkTestNode), same prompt, same
 * run, alternating rounds; then the first request of a fresh COCOON client (PoW at the test
 * proxy's difficulty, TLS, attestation, long authorization on chain), and COCOON's proof of work
 * at difficulty 20 (COCOON's router default) on this machine. Run:
 * {@code ./mvnw -q -pl reference-node/cocoon-proxy -am test-compile exec:exec@ttft}
 */
public final class CocoonTtftRun {
  private static final String PROMPT = "one two three four five six seven eight nine ten eleven twelve";

  private CocoonTtftRun() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int perRound = 200;
    try (LocalCocoon cocoon = LocalCocoon.builder().start();
         SilkTestNode node = SilkTestNode.builder().build()) {
      SilkClient native1 = SilkClient.builder().clock(cocoon.clock())
          .cocoon(cocoon.cocoonNative(cocoon.account(b -> b.deposit(TonAmount.ofTon("50")))).build()).build();
      SilkClient sealed = node.client();
      ChatCompletionCreateParams cocoonAsk = ask(LocalCocoon.MODEL);
      ChatCompletionCreateParams sealedAsk = ask("echo");
      long[] cocoonTimes = new long[rounds * perRound];
      long[] sealedTimes = new long[rounds * perRound];
      for (int i = 0; i < 300; i++) { // warm-up: JIT, sessions, channel
        firstToken(native1, cocoonAsk);
        firstToken(sealed, sealedAsk);
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < perRound; i++) {
          cocoonTimes[r * perRound + i] = firstToken(native1, cocoonAsk);
        }
        for (int i = 0; i < perRound; i++) {
          sealedTimes[r * perRound + i] = firstToken(sealed, sealedAsk);
        }
      }
      native1.close();
      System.out.println("## Time to first token, one client, streams in sequence");
      System.out.println("| path | median | p90 | p99 |");
      System.out.println("|---|---|---|---|");
      row("Silk sealed, paid echo node", sealedTimes);
      row("Silk native COCOON, test proxy", cocoonTimes);
      double ratio = (double) median(cocoonTimes) / median(sealedTimes);
      System.out.printf(Locale.ROOT, "ratio of medians (COCOON / sealed): %.2f%n", ratio);

      long[] cold = new long[5];
      for (int i = 0; i < cold.length; i++) {
        try (SilkClient fresh = SilkClient.builder().clock(cocoon.clock())
            .cocoon(cocoon.cocoonNative(cocoon.account(b -> b.deposit(TonAmount.ofTon("2")))).build()).build()) {
          cold[i] = firstToken(fresh, cocoonAsk);
        }
      }
      Arrays.sort(cold);
      System.out.printf(Locale.ROOT, "first request of a fresh COCOON client (PoW at 12, RA-TLS, TDX verified, "
          + "long authorization on the fake chain): median %.1f ms of %d%n", cold[cold.length / 2] / 1e6, cold.length);
    }
    pow(20, 20);
  }

  private static void pow(int difficulty, int trials) {
    SecureRandom random = new SecureRandom();
    long[] times = new long[trials];
    for (int i = 0; i < trials; i++) {
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      long start = System.nanoTime();
      ProofOfWork.solve(salt, difficulty);
      times[i] = System.nanoTime() - start;
    }
    Arrays.sort(times);
    System.out.printf(Locale.ROOT, "proof of work at difficulty %d, %d salts: median %.0f ms, p90 %.0f ms, max %.0f ms"
        + " (expected 2^%d = %,d hashes)%n", difficulty, trials, times[trials / 2] / 1e6, times[trials * 9 / 10] / 1e6,
        times[trials - 1] / 1e6, difficulty, 1L << difficulty);
  }

  private static ChatCompletionCreateParams ask(String model) {
    return ChatCompletionCreateParams.builder().model(model).addMessage(ChatMessage.user(PROMPT)).maxTokens(32)
        .build();
  }

  /** Nanoseconds from asking to the first chunk with text in hand; the stream is then drained. */
  private static long firstToken(SilkClient client, ChatCompletionCreateParams ask) {
    long start = System.nanoTime();
    long first = -1;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask)) {
      while (stream.hasNext()) {
        ChatCompletionChunk chunk = stream.next();
        if (first < 0 && chunk.delta() != null && !chunk.delta().isEmpty()) {
          first = System.nanoTime() - start;
        }
      }
    }
    return first;
  }

  private static long median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void row(String name, long[] times) {
    long[] s = times.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, s[s.length / 2] / 1e6,
        s[s.length * 9 / 10] / 1e6, s[s.length * 99 / 100] / 1e6);
  }
}
