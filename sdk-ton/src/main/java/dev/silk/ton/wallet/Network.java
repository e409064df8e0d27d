package dev.silk.ton.wallet;

/** Which TON network a wallet lives on: it changes v5 wallet ids and the address form shown. */
public enum Network {
  MAINNET(-239), TESTNET(-3);

  private final int globalId;

  Network(int globalId) {
    this.globalId = globalId;
  }

  /** The network's global id, as wallet v5 mixes it into its wallet id. */
  public int globalId() {
    return globalId;
  }
}
