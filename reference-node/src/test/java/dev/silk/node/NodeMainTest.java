package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeMainTest {
  @Test
  void helpExplainsEveryFlag() throws Exception {
    String help = NodeMain.commandLine(new NodeMain(), new String[0]).getUsageMessage();
    for (String flag : new String[] {"--config", "--host", "--port", "--port-file", "--data-dir", "--echo-delay-ms",
        "--max-body-bytes", "--rate-limit", "--max-in-flight", "--request-timeout-s", "--replay-window-s",
        "--coalesce-ms", "--attestation", "--tsm-report-dir", "--tdx-pcs-url", "--tdx-root-ca-crl-url", "--tdx-collateral", "--operator-key", "--tls-keystore", "--upstream-url", "--benchmark-plain-endpoint",
        "--payment", "--ton-center-url", "--payout-address", "--prompt-price", "--completion-price", "--min-deposit",
        "--channel-max-in-flight", "--commit-threshold", "--max-credit", "--wallet-key", "--watch-interval", "--registry", "--announce-to", "--public-url", "--inject-fault",
        "--help", "--version"}) {
      assertThat(help).contains(flag);
    }
    assertThat(help).contains("INSECURE").contains("test double").contains("paid over TON")
        .doesNotContain("comes with the payment work");
  }

  @Test
  void configFileSetsDefaultsAndFlagsWin() throws Exception {
    Path file = Files.createTempFile("silk-node", ".properties");
    Files.write(file, "port=9123\nrate-limit=7\necho-delay-ms=40\ndata-dir=/tmp/from-config\n".getBytes(StandardCharsets.UTF_8));
    String[] args = {"--config", file.toString(), "--port", "9999"};
    NodeMain command = new NodeMain();
    NodeMain.commandLine(command, args).parseArgs(args);
    NodeConfig config = command.toConfig();
    assertThat(config.port()).isEqualTo(9999);
    assertThat(config.limits().rateLimitPerSecond()).isEqualTo(7);
    assertThat(config.echoDelay()).isEqualTo(Duration.ofMillis(40));
    assertThat(config.dataDir().toString()).isEqualTo("/tmp/from-config");
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.payment()).as("free unless asked").isNull();
  }

  @Test
  void databaseFlagsShareTheReplayCacheAndTheLedger() throws Exception {
    String[] args = {"--database-url", "jdbc:postgresql://127.0.0.1:5432/silk?password=hidden",
        "--database-user", "silk", "--database-pool", "4"};
    NodeMain command = new NodeMain();
    NodeMain.commandLine(command, args).parseArgs(args);
    dev.silk.node.store.Database db = command.toConfig().replicas().database();
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/silk?password=hidden");
    assertThat(db.poolSize()).isEqualTo(4);
    assertThat(db.toString()).as("what the start line shows").doesNotContain("hidden").contains("as silk");

    String[][] refused = {{"--database-url", "jdbc:mysql://127.0.0.1/silk"}, {"--database-url",
        "jdbc:postgresql://127.0.0.1/silk", "--database-pool", "0"}};
    for (String[] bad : refused) {
      NodeMain wrong = new NodeMain();
      NodeMain.commandLine(wrong, bad).parseArgs(bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(wrong::toConfig).hasMessageContaining("database");
    }
    String[] paid = {"--database-url", "jdbc:postgresql://127.0.0.1/silk", "--payment", "ton-channel",
        "--ton-center-url", "http://127.0.0.1:8081/api/v2/", "--payout-address",
        "EQD2g4JBtGmFFK4YqLphpRtQiaMIWePfZOY8-esOTD9ZiqNA"};
    NodeMain paidReplica = new NodeMain();
    NodeMain.commandLine(paidReplica, paid).parseArgs(paid);
    NodeConfig paidConfig = paidReplica.toConfig();
    assertThat(paidConfig.payment()).as("a paid replica keeps its ledger in the shared database").isNotNull();
    assertThat(paidConfig.replicas().database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/silk");
  }

  @Test
  void aRelayNeedsAnAllowListAndARoleIsNodeOrRelay() throws Exception {
    for (String[] args : new String[][] {{"--role", "relay"}, {"--role", "gateway"}}) {
      NodeMain command = new NodeMain();
      NodeMain.commandLine(command, args).parseArgs(args);
      org.assertj.core.api.Assertions.assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(args[1].equals("relay") ? "--relay-allow" : "node or relay");
    }
  }

  @Test
  void tonChannelPaymentFlagsBecomeTheNodesTerms() throws Exception {
    String[] args = {"--payment", "ton-channel", "--ton-center-url", "http://127.0.0.1:8081/api/v2/",
        "--payout-address", "EQD2g4JBtGmFFK4YqLphpRtQiaMIWePfZOY8-esOTD9ZiqNA", "--prompt-price", "1000",
        "--completion-price", "3000", "--channel-max-in-flight", "2"};
    NodeMain command = new NodeMain();
    NodeMain.commandLine(command, args).parseArgs(args);
    NodeConfig config = command.toConfig();
    assertThat(config.payment().completionNanotonPer1k).isEqualTo(3000);
    assertThat(config.payment().maxInFlightPerChannel).isEqualTo(2);
    assertThat(config.payment().payoutAddress.toFriendly(true, false))
        .isEqualTo("EQD2g4JBtGmFFK4YqLphpRtQiaMIWePfZOY8-esOTD9ZiqNA");

    String[] missing = {"--payment", "ton-channel"};
    NodeMain incomplete = new NodeMain();
    NodeMain.commandLine(incomplete, missing).parseArgs(missing);
    org.assertj.core.api.Assertions.assertThatThrownBy(incomplete::toConfig)
        .hasMessageContaining("--ton-center-url");
  }

  @Test
  void tdxCollateralFlagsChooseTheSourceAndNeedTdx() throws Exception {
    String[] pcs = {"--attestation", "tdx", "--tdx-pcs-url", "https://api.trustedservices.intel.com"};
    NodeMain command = new NodeMain();
    NodeMain.commandLine(command, pcs).parseArgs(pcs);
    assertThat(command.toConfig().tdxCollateral()).isInstanceOf(dev.silk.core.tdx.IntelPcs.class)
        .hasToString("PCS https://api.trustedservices.intel.com (root CA CRL "
            + "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der)");
    String[] file = {"--attestation", "tdx", "--tdx-collateral", "/etc/silk/collateral.json"};
    NodeMain fromFile = new NodeMain();
    NodeMain.commandLine(fromFile, file).parseArgs(file);
    assertThat(fromFile.toConfig().tdxCollateral()).isInstanceOf(dev.silk.node.tee.CollateralFile.class);
    for (String[] wrong : new String[][] {{"--tdx-pcs-url", "https://pccs:8081"},
        {"--attestation", "tdx", "--tdx-pcs-url", "https://pccs:8081", "--tdx-collateral", "c.json"}}) {
      NodeMain bad = new NodeMain();
      NodeMain.commandLine(bad, wrong).parseArgs(wrong);
      org.assertj.core.api.Assertions.assertThatThrownBy(bad::toConfig).hasMessageContaining("--tdx-");
    }
  }
}
