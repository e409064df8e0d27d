package dev.silk.core.internal.cocoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Silk's client against COCOON's real router ({@code ../shared/cocoon/bin/router}, built from
 * COCOON's source), on loopback inside a private network namespace (the router binds 0.0.0.0):
 * COCOON's proof of work, TLS 1.3 with client certificates, its framing, and certificates fresh
 * from COCOON's {@code gen-cert}. Skipped with a message where the router or network namespaces
 * are not available; failed then under {@code SILK_CI=1}.
 */
class RealRouterTest {
  @Test
  void silksClientSpeaksToCocoonsRealRouter() throws Exception {
    Path cocoon = Paths.get(System.getProperty("silk.root", "..")).resolve("../shared/cocoon").normalize();
    Path router = cocoon.resolve("bin/router");
    Path genCert = cocoon.resolve("bin/gen-cert");
    require(Files.isExecutable(router) && Files.isExecutable(genCert), "COCOON's router and gen-cert are absent from "
        + cocoon);
    require(run(Paths.get("."), "unshare", "-n", "true") == 0, "cannot make a network namespace (needs root)");
    Path dir = Files.createTempDirectory("silk-cocoon-router");
    try {
      assertThat(run(dir, genCert.toString(), "--name", "proxy_fake", "--tdx", "fake_tdx", "--force")).isZero();
      Files.write(dir.resolve("rev.json"), ("{ \"cert_base_name\": \"proxy_fake\", \"threads\": 1, \"ports\": ["
          + "{\"port\": 18115, \"type\": \"reverse\", \"policy_name\": \"fake_tdx\", \"destination_host\": \"127.0.0.1\","
          + " \"destination_port\": 18118},"
          + "{\"port\": 18116, \"type\": \"reverse\", \"policy_name\": \"any\", \"destination_host\": \"127.0.0.1\","
          + " \"destination_port\": 18118}] }").getBytes(StandardCharsets.UTF_8));
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      String script = "ip link set lo up && (" + router + " --config rev.json -d 20 >router.log 2>&1 &) && exec " + java
          + " -cp '" + System.getProperty("java.class.path") + "' " + RouterProbe.class.getName()
          + " 18116 18115 18118 proxy_fake_cert.pem";
      Process probe = new ProcessBuilder("unshare", "-n", "--", "sh", "-c", script).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile()).start();
      assertThat(probe.waitFor(300, TimeUnit.SECONDS)).as("the probe ends").isTrue();
      String log = new String(Files.readAllBytes(dir.resolve("probe.log")), StandardCharsets.UTF_8);
      System.out.print(log);
      if (!log.contains("probe done") && Files.exists(dir.resolve("router.log"))) {
        // The router's own account of what it did, for a failure that only a busy machine shows.
        String routerLog = new String(Files.readAllBytes(dir.resolve("router.log")), StandardCharsets.UTF_8);
        System.out.print(routerLog.length() > 20_000 ? routerLog.substring(routerLog.length() - 20_000) : routerLog);
      }
      assertThat(probe.exitValue()).as(log).isZero();
      assertThat(log).contains("probe done").doesNotContain("FAIL ");
    } finally {
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void require(boolean present, String why) {
    if (!present) {
      Assumptions.assumeTrue(!"1".equals(System.getenv("SILK_CI")), "SILK_CI=1 but " + why);
      Assumptions.assumeTrue(false, "skipped: " + why);
    }
  }

  private static int run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
