package dev.silk.node.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link LoadRun} in three fresh JVMs (no accelerators, with Conscrypt, with Conscrypt and
 * BouncyCastle's Ed25519) and writes the tables
 * to {@code reference-node/target/loadrun.md}. Command: see reference-node/LOADRUN.md.
 */
public final class LoadRunMain {
  private LoadRunMain() {}

  public static void main(String[] args) throws Exception {
    String window = args.length > 0 ? args[0] : "8";
    StringBuilder report = new StringBuilder();
    // No accelerators (JDK X25519, Tink Ed25519); with Conscrypt (HPKE); with Conscrypt and BouncyCastle's Ed25519.
    String[][] modes = {{"false", "false"}, {"true", "false"}, {"true", "true"}};
    for (String[] mode : modes) {
      String conscrypt = mode[0];
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Dsilk.crypto.conscrypt=" + conscrypt);
      command.add("-Dsilk.crypto.bouncycastle=" + mode[1]);
      command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(LoadRun.class.getName());
      command.add(window);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      boolean inResult = false;
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.equals("LOADRUN-RESULT-BEGIN")) {
            inResult = true;
          } else if (line.equals("LOADRUN-RESULT-END")) {
            inResult = false;
          } else if (inResult) {
            report.append(line).append('\n');
          } else if (!line.contains("WARN")) {
            System.out.println(line);
          }
        }
      }
      if (p.waitFor() != 0) {
        throw new IllegalStateException("load run failed (conscrypt=" + conscrypt + ", bouncycastle=" + mode[1] + ")");
      }
      report.append('\n');
    }
    System.out.println(report);
    Files.createDirectories(Paths.get("target"));
    Files.write(Paths.get("target", "loadrun.md"), report.toString().getBytes(StandardCharsets.UTF_8));
  }
}
