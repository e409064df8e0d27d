package dev.silk.core.cocoon;

/**
 * Where a client learns COCOON's root config: sdk-ton reads it from the root contract (the
 * address is configuration, mainnet's by default); tests give a fixed one. Implementations are
 * thread-safe and refresh on their own; a config that does not parse is refused, never half-used.
 */
public interface CocoonNetwork {
  /**
   * The current root config.
   *
   * @throws dev.silk.core.errors.SilkException if none can be had (the chain is unreachable and
   *     nothing was read before)
   */
  CocoonConfig config();

  /** A network whose config never changes: for tests, and for a config read once by hand. */
  static CocoonNetwork fixed(CocoonConfig config) {
    java.util.Objects.requireNonNull(config, "config");
    return () -> config;
  }
}
