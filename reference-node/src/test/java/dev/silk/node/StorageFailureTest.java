package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.errors.SilkException;
import dev.silk.node.payment.PaymentLedger;
import dev.silk.ton.payment.ChannelPaymentProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A full disk (issue 14, finding 6), for real: the node's data directory is a small tmpfs that a
 * filler file fills up. While the disk is full the node answers nothing it cannot record (signed
 * refusals, readiness false); once space comes back it serves again without a restart, and every
 * receipt the client holds has its ledger row.
 */
class StorageFailureTest {

  @Test
  void aFullDiskRefusesPaidWorkAndTheNodeRecoversWhenSpaceComesBack() throws Exception {
    Path mount = Files.createTempDirectory("silk-tmpfs");
    Assumptions.assumeTrue(mountTmpfs(mount, "16m"), "skipped: cannot mount a tmpfs here (needs root)");
    try (PaidNode paid = PaidNode.start(mount.resolve("data"), url -> url, b -> b)) {
      ChannelPaymentProvider pay = paid.provider();
      List<ChatCompletion> answers = new ArrayList<>();
      try (SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay).maxRetries(0))) {
        answers.add(client.chat().completions().create(ask("before the disk fills")));
        assertThat(status(paid, "/health/ready")).isEqualTo(200);

        Path filler = mount.resolve("filler");
        fill(filler);
        int refused = 0;
        boolean notReady = false;
        for (int i = 0; i < 300 && (refused < 3 || !notReady); i++) {
          try {
            answers.add(client.chat().completions().create(ask("while the disk is full " + i)));
          } catch (SilkException e) {
            refused++;
            notReady |= status(paid, "/health/ready") == 503;
            assertThat(e.code()).as("a refusal the node signed").isIn("internal", "overloaded");
          }
        }
        assertThat(refused).as("requests refused while the disk is full").isGreaterThanOrEqualTo(3);
        assertThat(notReady).as("readiness turned false").isTrue();
        assertThat(status(paid, "/health")).as("liveness stays up").isEqualTo(200);

        Files.delete(filler);
        int failuresAfter = 0;
        int servedAfter = 0;
        for (int i = 0; i < 40 && servedAfter < 5; i++) {
          try {
            answers.add(client.chat().completions().create(ask("space came back " + i)));
            servedAfter++;
          } catch (SilkException e) {
            failuresAfter++;
            TimeUnit.MILLISECONDS.sleep(250); // the stores reopen after a short back-off
          }
        }
        assertThat(servedAfter).as("served again without a restart").isEqualTo(5);
        assertThat(failuresAfter).as("refusals after space came back").isLessThanOrEqualTo(20);
        assertThat(status(paid, "/health/ready")).isEqualTo(200);
      }
      try (PaymentLedger ledger = PaymentLedger.open(paid.local.dataDir)) {
        long sum = 0;
        for (ChatCompletion a : answers) {
          Optional<byte[]> row = ledger.receipt(a.receipt().receipt().requestId().toBytes());
          assertThat(row).as("every answer the client holds has its ledger row").isPresent();
          assertThat(row.get()).isEqualTo(a.receipt().toBytes());
          sum += a.receipt().receipt().costNanoton();
        }
        long charged = ledger.account(paid.channel.address().toRaw()).get().charged;
        assertThat(charged).isGreaterThanOrEqualTo(sum);
        assertThat(ledger.sumOfCharges(paid.channel.address().toRaw())).isEqualTo(charged);
      }
    } finally {
      unmount(mount);
    }
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("echo").addMessage(ChatMessage.user(text)).maxTokens(16).build();
  }

  private static int status(PaidNode paid, String path) throws IOException {
    try (Response r = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build()
        .newCall(new Request.Builder().url(paid.local.node.baseUrl() + path).build()).execute()) {
      return r.code();
    }
  }

  /** Writes until the file system refuses a byte more. */
  private static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // ENOSPC: the disk is full; the bytes already written stay
    }
    byte[] one = new byte[1];
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < 4096; i++) {
        out.write(one);
        out.flush();
      }
    } catch (IOException full) {
      // every last block taken
    }
  }

  static boolean mountTmpfs(Path dir, String size) {
    try {
      Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static void unmount(Path dir) throws Exception {
    Process p = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
    LocalNode.deleteRecursively(dir);
  }
}
