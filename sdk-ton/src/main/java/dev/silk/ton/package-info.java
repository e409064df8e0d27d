/**
 * TON for Silk: addresses and secret keys. The wallet, payment channels, the TON Center client
 * and the payment provider live in the subpackages. This module links ton4j (GPL-3.0).
 */
package dev.silk.ton;
