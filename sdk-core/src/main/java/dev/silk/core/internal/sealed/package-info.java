/**
 * Implementation of the Silk protocol's transport: requests sealed to a verified node, answers
 * and streams accepted only with a receipt that verifies, the payment of each attempt, and the
 * node's channel endpoints a payment provider calls back. Not API.
 */
package dev.silk.core.internal.sealed;
