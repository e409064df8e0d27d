package dev.silk.core.cocoon;

import java.util.Optional;

/**
 * The client's side of paying COCOON proxies: who owns the client contracts, how a session proves
 * it, and where the proxies' signed payments go. sdk-ton implements it with the owner's wallet
 * and the client contracts on chain ({@code CocoonClientAccount}); a backend can hold the wallet
 * for an app. Implementations are thread-safe.
 */
public interface CocoonAccount {
  /** The address of the client contracts' owner (the {@code client_owner_address} of the session). */
  String ownerAddress();

  /**
   * Checks what the proxy said of itself before anything is authorized or paid: that its contract
   * and this client's contract with it are the ones the root config's code makes for these keys.
   *
   * @throws dev.silk.core.errors.SilkException if they are not
   */
  void checkContracts(CocoonProxy proxy, CocoonConfig config);

  /**
   * The secret whose SHA-256 this client's contract with {@code proxy} holds (the short
   * authorization), or empty to authorize the long way.
   */
  Optional<byte[]> secret(CocoonProxy proxy);

  /**
   * The long authorization: sends {@code nonce} to this client's contract with {@code proxy}
   * from the owner's wallet (deploying and staking it first if needed), and returns once it is sent.
   */
  void register(CocoonProxy proxy, long nonce);

  /**
   * The proxy sent a signed payment (the charge it committed for this client), or a status. The
   * account checks the signature under {@link CocoonProxy#paymentKey()} and keeps the newest.
   *
   * @param signedPayment the message's bytes (a bag of cells), or null when the proxy has none yet
   * @param tokensUsed the tokens the proxy counts as used for this client
   */
  void paymentStatus(CocoonProxy proxy, byte[] signedPayment, long tokensUsed);

  /**
   * Called before each query to {@code proxy} is sent: an account whose own top-up is on its way
   * while the contract's balance runs low may wait for it (bounded), so that the query does not
   * meet the proxy's "balance too low". Default: nothing.
   */
  default void beforeQuery(CocoonProxy proxy) {}
}
