package dev.silk.peerbench;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.signature.Ed25519Engine;
import dev.silk.node.keys.DevKeyStore;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * {@link SilkClient}, default settings, sealed and verified chat completions. Its providers are
 * what the JVM's system properties leave on (the runner switches the accelerators off for "no
 * accelerators"). It also reports the CPU of exactly the client's crypto per request
 * ({@link CryptoRound}), with the node's dev keys standing in for the node's side.
 * Arguments: the node's base URL, requests, the prompt, the node's data directory.
 */
public final class SilkClientRun {
  private SilkClientRun() {}

  public static void main(String[] args) throws Exception {
    String prompt = args[2];
    try (SilkClient client = SilkClient.builder().baseUrl(args[0])
        .attestationPolicy(AttestationPolicy.builder().allowInsecureDevAttestation().build()).build()) {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("echo")
          .addMessage(ChatMessage.user(prompt)).build();
      int requests = Integer.parseInt(args[1]);
      Measure.run(() -> {
        ChatCompletion answer = client.chat().completions().create(params);
        if (!prompt.equals(answer.content())) {
          throw new IllegalStateException("unexpected answer");
        }
      }, requests, () -> String.format(Locale.ROOT, "crypto_us=%.1f engine=%s",
          CryptoRound.measure(client.node(), DevKeyStore.loadOrCreate(Paths.get(args[3])), prompt, requests).clientMicros,
          Ed25519Engine.get().name()));
    }
  }
}
