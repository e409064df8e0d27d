/**
 * Payments on the node (spec-v1 §13): quotes, payment states checked against the newest
 * accepted one, the durable ledger, channel reads from the chain, and the watcher that
 * challenges a stale close.
 */
package dev.silk.node.payment;
