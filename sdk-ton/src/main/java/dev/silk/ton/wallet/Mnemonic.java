package dev.silk.ton.wallet;

import dev.silk.crypto.SecretAccess;
import dev.silk.ton.TonSecretKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A TON wallet's 24-word secret phrase (TON's own mnemonic scheme, as TON wallets use it; not
 * BIP-39). It derives the wallet's {@link TonSecretKey}. Reading the words requires
 * {@link SecretAccess}; {@link #toString()} never shows them. Immutable and thread-safe.
 *
 * <pre>{@code
 * Mnemonic phrase = Mnemonic.generate();
 * TonWallet wallet = TonWallet.of(phrase.secretKey(), WalletVersion.V5R1, Network.TESTNET);
 * }</pre>
 */
public final class Mnemonic {
  private static final int WORDS = 24;

  private final List<String> words;

  private Mnemonic(List<String> words) {
    this.words = Collections.unmodifiableList(new ArrayList<>(words));
  }

  /** A new random phrase. */
  public static Mnemonic generate() {
    try {
      return new Mnemonic(org.ton.java.mnemonic.Mnemonic.generate(WORDS));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no strong random source for a mnemonic", e);
    }
  }

  /**
   * Imports a phrase of 24 words separated by spaces.
   *
   * @throws IllegalArgumentException if it is not 24 words of TON's list forming a valid phrase
   *     (the message never repeats the words)
   */
  public static Mnemonic of(String phrase, SecretAccess access) {
    Objects.requireNonNull(access, "access");
    List<String> words = Arrays.asList(Objects.requireNonNull(phrase, "phrase").trim().toLowerCase(Locale.ROOT)
        .split("\\s+"));
    if (words.size() != WORDS) {
      throw new IllegalArgumentException("a TON mnemonic has 24 words, this one " + words.size());
    }
    boolean valid;
    try {
      valid = org.ton.java.mnemonic.Mnemonic.isValid(words, "");
    } catch (GeneralSecurityException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw new IllegalArgumentException("not a valid TON mnemonic (a word is not on the list, or the phrase "
          + "fails TON's checksum)");
    }
    return new Mnemonic(words);
  }

  /** The wallet key this phrase derives. */
  public TonSecretKey secretKey() {
    try {
      byte[] seed = org.ton.java.mnemonic.Mnemonic.toKeyPair(words).getSecretKey();
      try {
        return TonSecretKey.fromSeed(seed, SecretAccess.grant());
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("mnemonic key derivation failed", e);
    }
  }

  /** The words, space-separated: handle them as a secret. */
  public String phrase(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return String.join(" ", words);
  }

  @Override
  public String toString() {
    return "Mnemonic[24 words, secret]";
  }
}
