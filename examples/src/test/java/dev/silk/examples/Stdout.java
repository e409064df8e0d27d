package dev.silk.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's main and returns what it printed. */
final class Stdout {
  interface Program {
    void run() throws Exception;
  }

  private Stdout() {}

  static String of(Program program) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, "UTF-8"));
    try {
      program.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8.name());
  }
}
