package dev.silk.node.keys;

import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.ton.TonSecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code dev} mode keys, persisted in the data directory so that a node keeps its identity
 * across restarts. (In {@code tdx} mode keys are generated inside the TD at each boot and never
 * written out; that mode arrives with the attestation work.) Files are created owner-only where
 * the file system supports POSIX permissions.
 */
public final class DevKeyStore {
  private static final String HEADER = "silk-dev-key-v1";

  private DevKeyStore() {}

  /**
   * The node's signing key and HPKE keys, loaded from {@code dir} or generated there (a data
   * directory from before X-Wing gains its X-Wing key on the next start).
   */
  public static NodeKeys loadOrCreate(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path signing = dir.resolve("signing.key");
    if (!Files.exists(signing)) {
      write(signing, SigningPrivateKey.generate().seedBytes(SecretAccess.grant()));
    }
    try {
      return new NodeKeys(
          SigningPrivateKey.fromSeed(read(signing), SecretAccess.grant()),
          loadOrCreateKem(dir.resolve("kem-x25519.key"), HpkeSuite.X25519_SHA256_AES128GCM),
          loadOrCreateKem(dir.resolve("kem-xwing.key"), HpkeSuite.XWING_SHA256_AES128GCM));
    } catch (SilkCryptoException e) {
      throw new IOException("corrupt key file in " + dir + ": " + e.code().wireName());
    }
  }

  private static KemPrivateKey loadOrCreateKem(Path file, HpkeSuite suite) throws IOException, SilkCryptoException {
    if (!Files.exists(file)) {
      write(file, KemPrivateKey.generate(suite).toBytes(SecretAccess.grant()));
    }
    return KemPrivateKey.fromBytes(suite, read(file), SecretAccess.grant());
  }

  /**
   * The registry role's list-signing key, loaded from {@code dir} or generated there: clients pin
   * it, so it outlives restarts (unlike a TD's keys, it carries no attestation).
   */
  public static SigningPrivateKey loadOrCreateRegistryKey(Path dir) throws IOException {
    return loadOrCreateSigningKey(dir.resolve("registry.key"), "registry");
  }

  /**
   * The operator's identity key (spec-v1 §7.4), loaded from {@code file} or generated there. It
   * outlives the node's keys (in tdx mode those are new at each boot) and only endorses them,
   * so it is kept by the operator, outside the TD.
   */
  public static SigningPrivateKey loadOrCreateOperatorKey(Path file) throws IOException {
    return loadOrCreateSigningKey(file, "operator");
  }

  private static SigningPrivateKey loadOrCreateSigningKey(Path file, String role) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    if (!Files.exists(file)) {
      write(file, SigningPrivateKey.generate().seedBytes(SecretAccess.grant()));
    }
    try {
      return SigningPrivateKey.fromSeed(read(file), SecretAccess.grant());
    } catch (SilkCryptoException e) {
      throw new IOException("corrupt " + role + " key file: " + file);
    }
  }

  /** The node's payment-channel key (party B), loaded from {@code dir} or generated there. */
  public static TonSecretKey loadOrCreatePaymentKey(Path dir) throws IOException {
    Files.createDirectories(dir);
    return loadOrCreateTonKey(dir.resolve("payment-ton.key"), "payment");
  }

  /**
   * The TON key in {@code file} ({@code role} names it in errors), created there on first use
   * (owner-only permissions where the file system has them). Never logged.
   */
  public static TonSecretKey loadOrCreateTonKey(Path file, String role) throws IOException {
    if (!Files.exists(file)) {
      write(file, TonSecretKey.generate().seed(SecretAccess.grant()));
    }
    try {
      return TonSecretKey.fromSeed(read(file), SecretAccess.grant());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt " + role + " key file: " + file);
    }
  }

  /**
   * Writes a new key file whole or not at all, and never over one that exists: replicas starting
   * together on one keys directory all end up with the key the first of them wrote, and none
   * reads a half-written file. The key goes to a private temporary file, which is then linked
   * into place (a hard link fails if the name exists).
   */
  private static void write(Path file, byte[] key) throws IOException {
    byte[] text = (HEADER + "\n" + Hex.encode(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? Files.createTempFile(dir, ".new-key-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".new-key-", ".tmp");
    try {
      Files.write(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.createLink(file, tmp);
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(tmp, file);
      }
    } catch (FileAlreadyExistsException raced) {
      // another process wrote it first: its key is the one
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    if (lines.size() < 2 || !HEADER.equals(lines.get(0))) {
      throw new IOException("not a " + HEADER + " file: " + file);
    }
    try {
      return Hex.decode(lines.get(1).trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt key file: " + file);
    }
  }
}
