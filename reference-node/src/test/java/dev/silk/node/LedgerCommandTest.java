package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** {@code silk-node ledger}, run beside a live paid node: its totals and its export match the receipts clients got. */
class LedgerCommandTest {
  @Test
  void totalsAndExportMatchTheReceiptsWhileTheNodeRuns() throws Exception {
    try (PaidNode paid = PaidNode.start(b -> b)) {
      List<Receipt> receipts = new ArrayList<>();
      dev.silk.ton.payment.ChannelPaymentProvider pay = paid.provider();
      try (SilkClient client = paid.local.client(new OkHttpClient(), b -> b.paymentProvider(pay))) {
        for (int i = 0; i < 3; i++) {
          receipts.add(client.chat().completions().create(ChatCompletionCreateParams.builder().model("echo")
              .addMessage(ChatMessage.user("ledger line " + i)).maxTokens(64).build()).receipt().receipt());
        }
      }
      long sum = receipts.stream().mapToLong(Receipt::costNanoton).sum();

      String[] totals = run("ledger", "--data-dir", paid.local.dataDir.toString());
      assertThat(totals[0]).isEqualTo("0");
      assertThat(totals[1]).contains(paid.channel.address().toRaw())
          .containsPattern(" 3 +" + sum + " ").contains("1 channels, " + sum + " nanoTON charged in all");

      String[] export = run("ledger", "--export", "--data-dir", paid.local.dataDir.toString());
      assertThat(export[0]).isEqualTo("0");
      String[] lines = export[1].trim().split("\n");
      assertThat(lines).hasSize(3);
      for (int i = 0; i < 3; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = new Moshi.Builder().build().adapter(Map.class).fromJson(lines[i]);
        Receipt expected = receipts.get(i);
        assertThat(row.get("request_id")).isEqualTo(expected.requestId().toHex());
        assertThat(((Number) row.get("cost_nanoton")).longValue()).isEqualTo(expected.costNanoton());
        SignedReceipt signed = SignedReceipt.parse(Base64.getDecoder().decode((String) row.get("receipt")));
        signed.verify(paid.local.node.descriptor().signingKey());
        assertThat(signed.receipt().requestId()).isEqualTo(expected.requestId());
      }
    }
  }

  @Test
  void aFreeNodeHasNoLedgerAndSaysSo() throws Exception {
    try (LocalNode free = new LocalNode(b -> b)) {
      String[] result = run("ledger", "--data-dir", free.dataDir.toString());
      assertThat(result[0]).isEqualTo("1");
      assertThat(result[2]).contains("no ledger at");
    }
  }

  @Test
  void aDatabaseWithoutALedgerSaysSo() throws Exception {
    try (dev.silk.node.store.PostgresCluster cluster = dev.silk.node.store.PostgresCluster.startOrSkip()) {
      dev.silk.node.store.Database db = cluster.newDatabase();
      String[] result = run("ledger", "--database-url", db.jdbcUrl(), "--database-user", db.user());
      assertThat(result[0]).isEqualTo("1");
      assertThat(result[2]).contains("no ledger in").doesNotContain("Exception");
    }
  }

  /** Exit code, standard output and standard error of {@code silk-node args}. */
  static String[] run(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = NodeMain.commandLine(new NodeMain(), args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
