package dev.silk.crypto.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Locates the repository's files and ../shared for tests, and reads JSON vectors. */
public final class TestFiles {
  private TestFiles() {}

  /** The repository root, passed by Maven as {@code silk.root}; falls back to the module's parent. */
  public static Path repoRoot() {
    String root = System.getProperty("silk.root");
    return root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
  }

  /**
   * A file under {@code ../shared/test-vectors}. When it is absent the calling test is skipped
   * with a message, except under {@code SILK_CI=1}, where it fails.
   */
  public static Path sharedVector(String name) {
    return shared("test-vectors/" + name);
  }

  /**
   * A file under {@code ../shared/cocoon} (COCOON's conformance reference), skipped or failed as
   * {@link #sharedVector} is when absent.
   */
  public static Path sharedCocoon(String name) {
    return shared("cocoon/" + name);
  }

  private static Path shared(String name) {
    Path path = repoRoot().resolve("../shared").resolve(name).normalize();
    if (!Files.isRegularFile(path)) {
      String message = "shared file " + path + " is absent";
      if ("1".equals(System.getenv("SILK_CI"))) {
        fail(message + " (SILK_CI=1 requires it)");
      }
      assumeTrue(false, message + ": skipped (CI runs it with SILK_CI=1)");
    }
    return path;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> readJson(Path path) {
    try {
      String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
      return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
