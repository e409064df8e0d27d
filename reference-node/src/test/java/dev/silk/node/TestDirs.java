package dev.silk.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary directories of tests. */
public final class TestDirs {
  private TestDirs() {}

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
