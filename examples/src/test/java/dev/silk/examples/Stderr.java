package dev.silk.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a program and returns what it wrote to standard error. */
final class Stderr {
  private Stderr() {}

  static String of(Stdout.Program program) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, "UTF-8"));
    try {
      program.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8.name());
  }
}
