/**
 * The fake-TON chain: an in-memory TON stand-in that runs the wallet, payment-channel and
 * COCOON contracts' rules with real signature and seqno checks, served over the TON Center v2
 * API. Not the real chain: for tests and local runs only.
 */
package dev.silk.faketon;
