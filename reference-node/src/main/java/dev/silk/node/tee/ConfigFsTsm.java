package dev.silk.node.tee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;

/**
 * Obtains a TDX quote from the Linux configfs-tsm report interface
 * ({@code /sys/kernel/config/tsm/report}, Linux 6.7+): create an entry, write the 64-byte report
 * data to {@code inblob}, read the quote from {@code outblob}, check {@code provider} and that
 * {@code generation} did not move (nobody else wrote in between), remove the entry.
 * Thread-safe (each call uses its own entry).
 */
public final class ConfigFsTsm {
  /** Where the kernel mounts the interface. */
  public static final Path DEFAULT_ROOT = Paths.get("/sys/kernel/config/tsm/report");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public ConfigFsTsm(Path root) {
    this.root = root;
  }

  /**
   * A quote whose report data is {@code reportData} (64 bytes).
   *
   * @throws IOException if the interface is missing, the provider is not {@code tdx_guest}, or
   *     another writer raced this request
   */
  public byte[] quote(byte[] reportData) throws IOException {
    if (reportData.length != 64) {
      throw new IllegalArgumentException("report data must be 64 bytes");
    }
    if (!Files.isDirectory(root)) {
      throw new IOException("no configfs-tsm at " + root + ": not a TDX guest, or configfs not mounted");
    }
    Path entry = root.resolve("silk-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
    Files.createDirectory(entry);
    try {
      String provider = new String(Files.readAllBytes(entry.resolve("provider")), StandardCharsets.US_ASCII).trim();
      if (!"tdx_guest".equals(provider)) {
        throw new IOException("configfs-tsm provider is '" + provider + "', not tdx_guest");
      }
      Files.write(entry.resolve("inblob"), reportData);
      long generation = generation(entry);
      byte[] quote = Files.readAllBytes(entry.resolve("outblob"));
      if (generation(entry) != generation) {
        throw new IOException("configfs-tsm entry was rewritten while reading the quote");
      }
      return quote;
    } finally {
      try {
        Files.deleteIfExists(entry);
      } catch (IOException cleanup) {
        // The quote is already read; a leftover entry only costs a directory in configfs.
      }
    }
  }

  private static long generation(Path entry) throws IOException {
    try {
      return Long.parseLong(new String(Files.readAllBytes(entry.resolve("generation")), StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      throw new IOException("configfs-tsm generation is not a number");
    }
  }
}
