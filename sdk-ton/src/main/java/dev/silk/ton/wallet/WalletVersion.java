package dev.silk.ton.wallet;

/** The standard wallet contracts Silk can drive. */
public enum WalletVersion {
  /** Wallet v4 revision 2 (wallet id 698983191 + workchain). */
  V4R2,
  /** Wallet v5 revision 1 (W5), the current default of TON wallets. */
  V5R1
}
