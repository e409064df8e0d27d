/**
 * A TON wallet: mnemonics, wallet versions, transfers with their fees, and a typed error when
 * funds run short.
 */
package dev.silk.ton.wallet;
