package dev.silk.node.tee;

import dev.silk.crypto.attestation.tdx.CollateralSource;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.tdx.TdxCollateral;
import dev.silk.crypto.attestation.tdx.TdxQuote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Collateral from a JSON file the operator keeps current (the {@code QuoteCollateralV3} form of
 * Intel's tools and dcap-qvl), read anew at each fetch so that a replaced file is picked up.
 * Thread-safe.
 */
public final class CollateralFile implements CollateralSource {
  private final Path file;

  public CollateralFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public TdxCollateral fetch(TdxQuote quote) throws IOException {
    try {
      return TdxCollateral.fromJson(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (SilkCryptoException e) {
      throw new IOException("collateral file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "file " + file;
  }
}
