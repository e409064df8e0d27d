package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reference node in its own JVM process (for kill -9 and multi-node tests): started with
 * {@link NodeMain} on a free loopback port in {@code dir}, its output in a log file there.
 */
final class NodeProcess implements AutoCloseable {
  final Path dir;
  final Process process;
  final String baseUrl;

  private NodeProcess(Path dir, Process process, String baseUrl) {
    this.dir = dir;
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts a node with {@code --data-dir dir/data} and the extra {@code flags}; returns once it listens. */
  static NodeProcess start(Path dir, String... flags) throws Exception {
    return start(dir, 0, flags);
  }

  /** Starts a node on {@code port} (0: a free one), as {@link #start(Path, String...)}. */
  static NodeProcess start(Path dir, int port, String... flags) throws Exception {
    Files.createDirectories(dir);
    Path portFile = dir.resolve("port");
    Files.deleteIfExists(portFile);
    List<String> command = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        // The per-request lines (DEBUG) on, as in the test JVM, so that log tests read them;
        // benchmarks turn them off (-Dsilk.test.request-lines=false), as a node runs by default.
        "-Dorg.slf4j.simpleLogger.log.silk.node.requests="
            + (Boolean.parseBoolean(System.getProperty("silk.test.request-lines", "true")) ? "debug" : "info"),
        NodeMain.class.getName(), "--port", Integer.toString(port),
        "--port-file", portFile.toString(), "--data-dir", dir.resolve("data").toString()));
    command.addAll(Arrays.asList(flags));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node-" + System.nanoTime() + ".log").toFile()).start();
    for (int i = 0; i < 300 && (!Files.exists(portFile) || Files.size(portFile) == 0); i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node process exited with " + process.exitValue() + "; see its log in " + dir);
      }
      Thread.sleep(100);
    }
    return new NodeProcess(dir, process, "http://127.0.0.1:" + new String(Files.readAllBytes(portFile), UTF_8).trim());
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
