package dev.silk.peerbench;

import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestOpener;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.node.keys.NodeKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The cryptography of one sealed request without HTTP, split by side and timed in thread CPU:
 * the client seals, then reads and verifies the answer and its receipt; the node opens, then
 * encrypts the answer and signs the receipt. These are the "primitives" the goals of issue 22
 * are stated against. The client JVMs report the client's side, the runner (which hosts the
 * node) the node's, each with the providers of its own JVM.
 */
final class CryptoRound {
  /** Thread CPU per request, in microseconds, of each side. */
  static final class Cost {
    final double clientMicros;
    final double nodeMicros;

    Cost(double clientMicros, double nodeMicros) {
      this.clientMicros = clientMicros;
      this.nodeMicros = nodeMicros;
    }
  }

  private CryptoRound() {}

  /** Medians of five rounds of {@code n} requests, after a warm-up round. */
  static Cost measure(SignedDescriptor descriptor, NodeKeys keys, String prompt, int n) throws Exception {
    RequestOpener opener = RequestOpener.create(descriptor.nodeId(), descriptor.hash(), keys.hpkeKeys());
    byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"model\":\"echo\"}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] answer = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"" + prompt + "\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] client = new double[6];
    double[] node = new double[6];
    for (int round = 0; round < client.length; round++) {
      long clientNanos = 0;
      long nodeNanos = 0;
      for (int i = 0; i < n; i++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        SealedRequest sealed = RequestSealer.seal(RequestPayload.builder().model("echo").body(body).build(),
            descriptor.recipient());
        long t1 = cpu.getCurrentThreadCpuTime();
        OpenedRequest opened = opener.open(sealed.envelope());
        byte[] chunk = opened.responseWriter(keys.signing).finish(answer,
            Receipt.builder().usage(18, 18).costNanoton(0).issuedAt(Instant.now()));
        long t2 = cpu.getCurrentThreadCpuTime();
        ResponseReader reader = sealed.responseReader(descriptor.signingKey());
        reader.read(chunk);
        reader.receipt();
        long t3 = cpu.getCurrentThreadCpuTime();
        clientNanos += (t1 - t0) + (t3 - t2);
        nodeNanos += t2 - t1;
      }
      client[round] = clientNanos / 1e3 / n;
      node[round] = nodeNanos / 1e3 / n;
    }
    return new Cost(medianAfterWarmUp(client), medianAfterWarmUp(node));
  }

  private static double medianAfterWarmUp(double[] rounds) {
    double[] counted = Arrays.copyOfRange(rounds, 1, rounds.length);
    Arrays.sort(counted);
    return counted[counted.length / 2];
  }
}
