package dev.silk.peerbench;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.signature.Ed25519Engine;
import dev.silk.node.keys.DevKeyStore;
import dev.silk.node.keys.NodeKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;

/**
 * {@link SilkClient}, default settings, sealed and verified chat completions. Its providers are
 * what the JVM's system properties leave on (the runner switches the accelerators off for "Tink
 * alone"). It also measures the CPU of exactly the client's crypto per request (seal; read and
 * verify the answer), with the node's dev keys standing in for the node's side, untimed.
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
          clientCryptoMicros(client.node(), DevKeyStore.loadOrCreate(Paths.get(args[3])), prompt, requests),
          Ed25519Engine.get().name()));
    }
  }

  /** Thread CPU of the client's crypto per request: median of five rounds after a warm-up round. */
  static double clientCryptoMicros(SignedDescriptor descriptor, NodeKeys keys, String prompt, int n)
      throws Exception {
    RequestOpener opener = RequestOpener.create(descriptor.nodeId(), descriptor.hash(),
        Collections.singletonList(keys.kem));
    byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"model\":\"echo\"}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] answer = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"" + prompt + "\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] rounds = new double[6];
    for (int round = 0; round < rounds.length; round++) {
      long clientNanos = 0;
      for (int i = 0; i < n; i++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body(body).build(),
            descriptor.recipient());
        clientNanos += cpu.getCurrentThreadCpuTime() - t0;
        OpenedRequest opened = opener.open(sealed.envelope());
        byte[] chunk = opened.responseWriter(keys.signing).finish(answer,
            Receipt.builder().usage(18, 18).costNanoton(0).issuedAt(Instant.now()));
        long t1 = cpu.getCurrentThreadCpuTime();
        ResponseReader reader = sealed.responseReader(descriptor.signingKey());
        reader.read(chunk);
        reader.receipt();
        clientNanos += cpu.getCurrentThreadCpuTime() - t1;
      }
      rounds[round] = clientNanos / 1e3 / n;
    }
    double[] counted = java.util.Arrays.copyOfRange(rounds, 1, rounds.length);
    java.util.Arrays.sort(counted);
    return counted[counted.length / 2];
  }
}
