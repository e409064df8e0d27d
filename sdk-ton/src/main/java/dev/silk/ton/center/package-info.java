/**
 * A TON Center v2 HTTP client: account state, get-methods, transactions and fee estimates, with
 * typed errors.
 */
package dev.silk.ton.center;
