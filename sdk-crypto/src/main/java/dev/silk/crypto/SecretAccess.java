package dev.silk.crypto;

/**
 * A token that must be passed to read secret bytes (private keys, response keys) out of their
 * wrappers. It makes every place that exports a secret visible in code review, in the manner
 * of Tink's {@code InsecureSecretKeyAccess}.
 *
 * <pre>{@code
 * byte[] seed = privateKey.seedBytes(SecretAccess.grant());
 * }</pre>
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Returns the access token. Call it only where exporting a secret is intended. */
  public static SecretAccess grant() {
    return INSTANCE;
  }
}
