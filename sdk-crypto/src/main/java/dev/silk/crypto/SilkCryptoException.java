package dev.silk.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A protocol object was rejected. Every failure of parsing, decryption, signature or policy in
 * this module surfaces as this exception with a stable {@link ErrorCode}; no other exception
 * escapes from parsing untrusted bytes.
 *
 * <p>Messages never contain key material, prompts or answers: they name the field and the
 * reason only, so they are safe to log.
 */
public final class SilkCryptoException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public SilkCryptoException(ErrorCode code, String message) {
    super(code.wireName() + ": " + message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public SilkCryptoException(ErrorCode code, String message, Throwable cause) {
    super(code.wireName() + ": " + message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Why the object was rejected. */
  public ErrorCode code() {
    return code;
  }
}
